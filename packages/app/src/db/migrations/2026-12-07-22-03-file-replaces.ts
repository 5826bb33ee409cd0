import type { Kysely, Migration } from 'kysely';

/**
 * The version an upload was sent to replace (`?replaces=`), kept on the new file's row rather
 * than only in the request: an upload in no known layout fails, is mapped, and is published
 * later by a retry — which must still retire the version it replaces, or the experiment would
 * read both versions' samples.
 */
export const fileReplacesMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .alterTable('data_file')
      .addColumn('replaces', 'integer', (c) => c.references('data_file.id').onDelete('set null'))
      .execute();
  },
};
