import { type Kysely, type Migration, sql } from 'kysely';

/**
 * Imports that never lock anyone out and never stay stuck (issue 13, SPEC §6–7).
 *
 * `data_file.status`: an import writes its file, bytes, samples and cycles while the file is
 * `storing` (bytes arriving) then `stored` (bytes complete: a failed import can be retried from
 * them), and one short final transaction makes it `complete`. Every data query reads complete
 * files only, so on SQLite the samples can go in as many short transactions as they need
 * without anyone seeing half a file. `deleting` hides a file whose rows are being removed in
 * chunks. Existing files are complete.
 *
 * `data_import.runner`: which process runs an unfinished import (`host:pid:start`), so that
 * the process that finds it abandoned (at start-up, or periodically) can fail it with a reason.
 */
export const importLifecycleMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .alterTable('data_file')
      .addColumn('status', 'varchar(10)', (c) =>
        c
          .notNull()
          .defaultTo('complete')
          .check(sql`status in ('storing', 'stored', 'complete', 'deleting')`),
      )
      .execute();
    await db.schema.alterTable('data_import').addColumn('runner', 'varchar(200)').execute();
    // The periodic search for abandoned imports reads the few unfinished ones, not the history.
    await db.schema.createIndex('data_import_status').on('data_import').columns(['status']).execute();
    await db.schema.createIndex('data_file_status').on('data_file').columns(['status']).execute();
  },
};
