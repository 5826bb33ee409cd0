import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { FileGoneError } from '../measurements/data-files.ts';
import { ImportTakenOverError } from './import-errors.ts';
import { RUNNER_ID } from './runner-id.ts';
import type { SinkTarget } from './sample-sink.ts';

/**
 * Checked inside each of an import's SQLite transactions before it writes: its file is still
 * `stored` (not deleted, with its experiment or on its own — `measurement` has no foreign key,
 * so without this check samples could outlive their file) and the import is still this
 * process's (nobody took it over as abandoned). Two primary-key lookups per batch.
 */
export async function assertStillImporting(db: Kysely<Database>, target: SinkTarget): Promise<void> {
  const file = await db
    .selectFrom('data_file')
    .select('status')
    .where('id', '=', target.fileId)
    .executeTakeFirst();
  if (file?.status !== 'stored') throw new FileGoneError(target.fileId);
  const record = await db
    .selectFrom('data_import')
    .select(['status', 'runner'])
    .where('id', '=', target.importId)
    .executeTakeFirst();
  if (record?.status !== 'importing' || record.runner !== RUNNER_ID)
    throw new ImportTakenOverError(target.importId);
}
