import { dialectOf, withIdColumn } from '@batterydb/authz';
import { type Kysely, type Migration, sql } from 'kysely';

/**
 * Uploaded cycler files and their original bytes. The bytes live in the database, in chunks of
 * at most 1 MiB, rather than on a local disk: app processes are stateless behind a load
 * balancer (SPEC §7), the import's one transaction then covers the bytes too (a failed import
 * leaves none), deleting an experiment deletes them by cascade, and no chunk is ever large
 * enough to need the whole file in memory on the way in or out.
 */
export const dataFilesMigration: Migration = {
  async up(db: Kysely<unknown>) {
    const blob = dialectOf(db) === 'postgres' ? 'bytea' : 'blob';
    await withIdColumn(db, db.schema.createTable('data_file'))
      .addColumn('experiment_id', 'integer', (c) =>
        c.notNull().references('experiment.id').onDelete('cascade'),
      )
      .addColumn('file_name', 'varchar(255)', (c) => c.notNull())
      .addColumn('format', 'varchar(40)', (c) => c.notNull())
      .addColumn('size_bytes', 'bigint', (c) => c.notNull())
      .addColumn('sha256', 'varchar(64)', (c) => c.notNull())
      .addColumn('chunk_count', 'integer', (c) => c.notNull())
      .addColumn('point_count', 'integer', (c) => c.notNull())
      .addColumn('cycle_count', 'integer', (c) => c.notNull())
      .addColumn('skipped_rows', 'integer', (c) => c.notNull())
      .addColumn('metadata', 'text', (c) => c.notNull().defaultTo('{}'))
      .addColumn('uploaded_by', 'integer', (c) => c.references('authz_user.id').onDelete('set null'))
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      // The target of the (experiment_id, file_id) foreign keys of the sample and cycle tables:
      // their cascade then finds a file's rows through their own primary key's prefix.
      .addUniqueConstraint('data_file_experiment_id', ['experiment_id', 'id'])
      .execute();

    await db.schema
      .createTable('data_file_chunk')
      .addColumn('file_id', 'integer', (c) => c.notNull().references('data_file.id').onDelete('cascade'))
      .addColumn('seq', 'integer', (c) => c.notNull())
      .addColumn('bytes', sql.raw(blob), (c) => c.notNull())
      .addPrimaryKeyConstraint('data_file_chunk_pk', ['file_id', 'seq'])
      .execute();
    if (dialectOf(db) === 'postgres') await preferLz4(db);
  },
};

/**
 * Cycler exports are text that compresses 3–5×, so the bytes stay compressed, but with lz4
 * rather than PostgreSQL's default pglz: storing a 73 MiB file took 3.5 s with pglz and 0.7 s
 * with lz4 on the benchmark machine. lz4 is optional in PostgreSQL builds; without it the
 * default stays.
 */
async function preferLz4(db: Kysely<unknown>): Promise<void> {
  const { rows } = await sql<{ lz4: boolean }>`
    select coalesce('lz4' = any(enumvals), false) as lz4
    from pg_settings where name = 'default_toast_compression'`.execute(db);
  if (rows[0]?.lz4 === true)
    await sql`alter table data_file_chunk alter column bytes set compression lz4`.execute(db);
}
