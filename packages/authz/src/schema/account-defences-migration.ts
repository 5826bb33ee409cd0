import { type Kysely, type Migration, sql } from 'kysely';
import { withIdColumn } from '../db/id-column.ts';
import { nameSkeleton } from '../users/name-skeleton.ts';

/**
 * Gives every existing row its skeleton. Rows that already look alike keep working: the oldest
 * (lowest id) holds the plain skeleton, each later one gets `skeleton#id`, which no new name can
 * produce — so they still sign in and keep their grants, and no new look-alike of either can be made.
 */
async function backfillSkeletons(
  db: Kysely<unknown>,
  table: 'authz_user' | 'authz_group',
  nameColumn: 'username' | 'name',
  skeletonColumn: 'username_skeleton' | 'name_skeleton',
): Promise<void> {
  const rows = await sql<{ id: number; name: string }>`
    select id, ${sql.ref(nameColumn)} as name from ${sql.table(table)} order by id`.execute(db);
  const seen = new Set<string>();
  for (const row of rows.rows) {
    let skeleton = nameSkeleton(row.name);
    if (seen.has(skeleton)) skeleton = `${skeleton}#${row.id}`;
    seen.add(skeleton);
    await sql`update ${sql.table(table)} set ${sql.ref(skeletonColumn)} = ${skeleton} where id = ${row.id}`.execute(
      db,
    );
  }
  await db.schema
    .createIndex(`${table}_${skeletonColumn}`)
    .on(table)
    .column(skeletonColumn)
    .unique()
    .execute();
}

/**
 * Issue 9: sign-in throttling that a stranger cannot turn into a lockout (per pair, per address,
 * a capped delay per account, known clients), the session's user agent, and confusable-name
 * skeletons for users and groups.
 */
export const accountDefencesMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.dropTable('authz_login_attempt').ifExists().execute();
    await withIdColumn(db, db.schema.createTable('authz_sign_in_attempt'))
      .addColumn('at', 'bigint', (c) => c.notNull())
      .addColumn('account_hash', 'varchar(64)', (c) => c.notNull())
      .addColumn('user_id', 'integer', (c) => c.references('authz_user.id').onDelete('cascade'))
      .addColumn('address', 'varchar(64)')
      .execute();
    // Pair and account counts (prefix), address counts, and the purge of old rows.
    for (const [name, columns] of [
      ['authz_sign_in_attempt_account', ['account_hash', 'address', 'id']],
      ['authz_sign_in_attempt_address', ['address', 'id']],
      ['authz_sign_in_attempt_at', ['at']],
    ] as const)
      await db.schema
        .createIndex(name)
        .on('authz_sign_in_attempt')
        .columns([...columns])
        .execute();

    await db.schema
      .createTable('authz_known_client')
      .addColumn('user_id', 'integer', (c) => c.notNull().references('authz_user.id').onDelete('cascade'))
      .addColumn('address', 'varchar(64)', (c) => c.notNull())
      .addColumn('last_success_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('authz_known_client_pk', ['user_id', 'address'])
      .execute();

    await db.schema.alterTable('authz_session').addColumn('user_agent', 'varchar(256)').execute();

    await db.schema
      .alterTable('authz_user')
      .addColumn('username_skeleton', 'text', (c) => c.notNull().defaultTo(''))
      .execute();
    await backfillSkeletons(db, 'authz_user', 'username', 'username_skeleton');
    await db.schema
      .alterTable('authz_group')
      .addColumn('name_skeleton', 'text', (c) => c.notNull().defaultTo(''))
      .execute();
    await backfillSkeletons(db, 'authz_group', 'name', 'name_skeleton');
  },
};
