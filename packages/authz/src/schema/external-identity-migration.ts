import type { Kysely, Migration } from 'kysely';
import { withIdColumn } from '../db/id-column.ts';

/**
 * Institutional sign-in (issue 27): the identity a provider vouches for (issuer + `sub`, unique
 * together) linked to one local account, and the short-lived state of a sign-in in progress
 * (PKCE verifier, `state`, `nonce`; or a verified identity waiting for the local password that
 * links it). Pending rows are keyed by the SHA-256 of a random cookie and taken once.
 */
export const externalIdentityMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await withIdColumn(db, db.schema.createTable('authz_external_identity'))
      .addColumn('user_id', 'integer', (c) => c.notNull().references('authz_user.id').onDelete('cascade'))
      .addColumn('issuer', 'varchar(500)', (c) => c.notNull())
      .addColumn('subject', 'varchar(255)', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('last_sign_in_at', 'bigint')
      .addUniqueConstraint('authz_external_identity_issuer_subject', ['issuer', 'subject'])
      .execute();
    await db.schema
      .createIndex('authz_external_identity_user')
      .on('authz_external_identity')
      .column('user_id')
      .execute();

    await db.schema
      .createTable('authz_external_pending')
      .addColumn('token_hash', 'varchar(64)', (c) => c.primaryKey())
      .addColumn('kind', 'varchar(20)', (c) => c.notNull())
      .addColumn('data', 'text', (c) => c.notNull())
      .addColumn('expires_at', 'bigint', (c) => c.notNull())
      .execute();
  },
};
