import type { Kysely, Migration } from 'kysely';

/**
 * Per-user rate limits counted in the database (issue 19): one row per key — its window's start
 * and hits — updated with one upsert, so the limit holds across worker processes and hosts (a
 * counter per process let a user ask `limit × processes` times).
 */
export const rateCountMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('rate_count')
      .addColumn('key', 'varchar(200)', (c) => c.primaryKey())
      .addColumn('window_start', 'bigint', (c) => c.notNull())
      .addColumn('hits', 'integer', (c) => c.notNull())
      .execute();
  },
};
