import type { Kysely, Migration } from 'kysely';

/**
 * The row `/readyz` writes (issue 19): readiness means the database accepts a committed write,
 * which a SELECT cannot tell (a full disk, a read-only replica, a lost write lock answer reads).
 */
export const heartbeatMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('heartbeat')
      .addColumn('name', 'varchar(100)', (c) => c.primaryKey())
      .addColumn('at', 'bigint', (c) => c.notNull())
      .execute();
  },
};
