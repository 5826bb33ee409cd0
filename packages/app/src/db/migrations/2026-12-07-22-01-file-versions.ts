import type { Kysely, Migration } from 'kysely';

/**
 * File versions (issue 22: a harvester uploads a growing file again). A new version is imported
 * as a file of its own, invisible until whole; the transaction that makes it `complete` also
 * sets the previous version's `replaced_by` to it and its status back to `stored` (its bytes and
 * samples kept, no longer visible: only `complete` files are read). The chain of `replaced_by`
 * is the file's history.
 */
export const fileVersionsMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .alterTable('data_file')
      .addColumn('replaced_by', 'integer', (c) => c.references('data_file.id').onDelete('set null'))
      .execute();
  },
};
