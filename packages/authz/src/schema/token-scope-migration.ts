import type { Kysely, Migration } from 'kysely';

/**
 * Scoped API tokens (issue 22, SPEC §5). `authz_api_token.scoped` = 0 keeps every existing token
 * what it was: its user's full rights. A scoped token's entries are rows of
 * `authz_api_token_scope`: a permission, and an object of that permission's model or NULL for
 * every object (and the model-level right). No entries and `scoped` = 1 allows nothing.
 * Both cascade: a revoked token or a permission that no longer exists takes its entries along,
 * and a scope only ever shrinks.
 */
export const tokenScopeMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .alterTable('authz_api_token')
      .addColumn('scoped', 'integer', (c) => c.notNull().defaultTo(0))
      .execute();
    await db.schema
      .createTable('authz_api_token_scope')
      .addColumn('token_id', 'integer', (c) =>
        c.notNull().references('authz_api_token.id').onDelete('cascade'),
      )
      .addColumn('permission_id', 'integer', (c) =>
        c.notNull().references('authz_permission.id').onDelete('cascade'),
      )
      .addColumn('object_id', 'bigint')
      .execute();
    await db.schema
      .createIndex('authz_api_token_scope_token')
      .on('authz_api_token_scope')
      .columns(['token_id', 'permission_id'])
      .execute();
  },
};
