import { withIdColumn } from '@batterydb/authz';
import { type Kysely, type Migration, sql } from 'kysely';

/**
 * Upload attempts with their progress and, when they fail, the reason (line, column). Written
 * outside the import's transaction, so a failed import leaves this record and nothing else.
 */
export const dataImportsMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await withIdColumn(db, db.schema.createTable('data_import'))
      .addColumn('experiment_id', 'integer', (c) =>
        c.notNull().references('experiment.id').onDelete('cascade'),
      )
      .addColumn('user_id', 'integer', (c) => c.references('authz_user.id').onDelete('set null'))
      .addColumn('file_name', 'varchar(255)', (c) => c.notNull())
      .addColumn('status', 'varchar(10)', (c) =>
        c.notNull().check(sql`status in ('receiving', 'importing', 'done', 'failed')`),
      )
      .addColumn('format', 'varchar(40)')
      .addColumn('bytes_received', 'bigint', (c) => c.notNull().defaultTo(0))
      .addColumn('bytes_parsed', 'bigint', (c) => c.notNull().defaultTo(0))
      .addColumn('row_count', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('point_count', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('cycle_count', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('file_id', 'integer', (c) => c.references('data_file.id').onDelete('set null'))
      .addColumn('error', 'text')
      .addColumn('error_reason', 'varchar(40)')
      .addColumn('error_line', 'integer')
      .addColumn('error_column', 'varchar(200)')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .addColumn('finished_at', 'bigint')
      .execute();
    await db.schema
      .createIndex('data_import_experiment')
      .on('data_import')
      .columns(['experiment_id', 'id'])
      .execute();
  },
};
