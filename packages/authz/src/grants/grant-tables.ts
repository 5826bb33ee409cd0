import type { Kysely } from 'kysely';

/**
 * Creates a model's grant tables, for the application's migration that creates the model's
 * table. Integer foreign keys with ON DELETE CASCADE on every side: deleting the object, the
 * user, the group or the permission deletes the grant, so nothing is orphaned and a reused id
 * inherits nothing (guardian's text `object_pk` cannot do either). The indexes serve both
 * directions: "what may this holder see" (holder, permission, object) and "who may see this
 * object" (primary key, object first).
 */
export async function createGrantTables(db: Kysely<unknown>, table: string): Promise<void> {
  for (const holder of ['user', 'group'] as const) {
    const name = `${table}_${holder}_grant`;
    await db.schema
      .createTable(name)
      .addColumn('object_id', 'integer', (c) => c.notNull().references(`${table}.id`).onDelete('cascade'))
      .addColumn(`${holder}_id`, 'integer', (c) =>
        c.notNull().references(`authz_${holder}.id`).onDelete('cascade'),
      )
      .addColumn('permission_id', 'integer', (c) =>
        c.notNull().references('authz_permission.id').onDelete('cascade'),
      )
      .addColumn('expires_at', 'bigint')
      .addPrimaryKeyConstraint(`${name}_pk`, ['object_id', `${holder}_id`, 'permission_id'])
      .execute();
    await db.schema
      .createIndex(`${name}_holder`)
      .on(name)
      .columns([`${holder}_id`, 'permission_id', 'object_id'])
      .execute();
  }
}
