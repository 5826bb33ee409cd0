import { AuthzError } from '@batterydb/authz';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { type FileKey, hideFiles, purgeFile } from '../measurements/purge-file.ts';
import { UNFINISHED } from './import-records.ts';

/** Runs in the transaction that makes the deletion visible (the audit entry). */
export type OnDelete = (db: Kysely<Database>) => Promise<void>;

/**
 * Deletes one finished import: its record and whatever it stored — the file of a done import
 * with its samples and cycles, or the kept file of a failed one. One short transaction hides
 * the file and removes the record; the rows then go in short statements (purge-file.ts). An
 * import that is still running cannot be deleted (409): it would write on into nothing.
 */
export async function deleteImport(
  db: Kysely<Database>,
  importId: number,
  onDelete?: OnDelete,
): Promise<void> {
  const hidden = await db.transaction().execute(async (trx) => {
    const record = await trx
      .selectFrom('data_import')
      .select(['status', 'experiment_id', 'file_id'])
      .where('id', '=', importId)
      .executeTakeFirst();
    if (!record) throw new AuthzError('NOT_FOUND', `import ${importId} was not found`, 'id');
    if (UNFINISHED.includes(record.status))
      throw new AuthzError(
        'CONFLICT',
        `import ${importId} is still running: delete it once it is done or has failed`,
        'id',
      );
    const files =
      record.file_id === null
        ? []
        : await hideFiles(trx, { experimentId: record.experiment_id, fileId: record.file_id });
    await trx.deleteFrom('data_import').where('id', '=', importId).execute();
    await onDelete?.(trx);
    return files;
  });
  for (const key of hidden) await purgeFile(db, key);
}

/**
 * Deletes one visible file of an experiment with its samples, cycles and bytes, and the import
 * that stored it (SPEC §6: "a file can be deleted on its own"). Not visible → 404.
 */
export async function deleteDataFile(db: Kysely<Database>, key: FileKey, onDelete?: OnDelete): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const file = await trx
      .selectFrom('data_file')
      .select('id')
      .where('id', '=', key.fileId)
      .where('experiment_id', '=', key.experimentId)
      .where('status', '=', 'complete')
      .executeTakeFirst();
    if (!file) throw new AuthzError('NOT_FOUND', `file ${key.fileId} was not found`, 'fileId');
    await hideFiles(trx, key);
    await trx.deleteFrom('data_import').where('file_id', '=', key.fileId).execute();
    await onDelete?.(trx);
  });
  await purgeFile(db, key);
}
