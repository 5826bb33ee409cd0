import type { Kysely } from 'kysely';
import { AuthzError } from '@batterydb/authz';
import type { Database } from '../db/schema.ts';

/** The file a new version replaces must be a visible file of the same experiment (else 404). */
export async function requireReplaceable(
  db: Kysely<Database>,
  experimentId: number,
  fileId: number,
): Promise<void> {
  const row = await db
    .selectFrom('data_file')
    .select('id')
    .where('id', '=', fileId)
    .where('experiment_id', '=', experimentId)
    .where('status', '=', 'complete')
    .executeTakeFirst();
  if (!row) throw new AuthzError('NOT_FOUND', `experiment ${experimentId} has no file ${fileId}`, 'replaces');
}

/**
 * The swap, inside the transaction that makes the new version `complete` (the import's
 * `onPublish`): the old version stops being read in that same commit, so a reader sees either
 * the old data or the new, never both or neither. A version replaced or deleted meanwhile is a
 * conflict: the new import then fails whole and nothing changes.
 */
export async function retireReplacedFile(
  db: Kysely<Database>,
  experimentId: number,
  oldFileId: number,
  newFileId: number,
): Promise<void> {
  const result = await db
    .updateTable('data_file')
    .set({ status: 'stored', replaced_by: newFileId })
    .where('id', '=', oldFileId)
    .where('experiment_id', '=', experimentId)
    .where('status', '=', 'complete')
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) !== 1)
    throw new AuthzError('CONFLICT', `file ${oldFileId} was replaced or deleted meanwhile`, 'replaces');
}
