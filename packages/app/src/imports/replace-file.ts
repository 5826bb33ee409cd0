import type { Kysely } from 'kysely';
import { AuthzError } from '@batterydb/authz';
import type { Database } from '../db/schema.ts';

/**
 * The file a new version replaces must be a visible file of the same experiment (else 404).
 * Returns its cell: the new version is uploaded into that cell (issue 20).
 */
export async function requireReplaceable(
  db: Kysely<Database>,
  experimentId: number,
  fileId: number,
): Promise<{ cellId: number | null }> {
  const row = await db
    .selectFrom('data_file')
    .select(['id', 'cell_id'])
    .where('id', '=', fileId)
    .where('experiment_id', '=', experimentId)
    .where('status', '=', 'complete')
    .executeTakeFirst();
  if (!row) throw new AuthzError('NOT_FOUND', `experiment ${experimentId} has no file ${fileId}`, 'replaces');
  return { cellId: row.cell_id };
}

/**
 * Retires the version a file was uploaded to replace (its `replaces`, if any), in the
 * transaction that publishes the file: the first import's or a later retry's alike, so a new
 * version mapped and retried after "unknown layout" still takes the old one's place.
 */
export async function retireWhatItReplaces(
  db: Kysely<Database>,
  experimentId: number,
  fileId: number,
): Promise<number | null> {
  const row = await db
    .selectFrom('data_file')
    .select('replaces')
    .where('id', '=', fileId)
    .executeTakeFirstOrThrow();
  if (row.replaces === null) return null;
  await retireReplacedFile(db, experimentId, row.replaces, fileId);
  return row.replaces;
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
  await takePlace(db, oldFileId, newFileId);
}

/**
 * The new version takes the old one's place in its cell (same cell, same position), read now,
 * in the publishing transaction, so a move made while the upload ran is kept. The old version
 * leaves the cell: the history is `replaced_by`, and the cell's positions stay 1…n.
 */
async function takePlace(db: Kysely<Database>, oldFileId: number, newFileId: number): Promise<void> {
  const old = await db
    .selectFrom('data_file')
    .select(['cell_id', 'cell_position'])
    .where('id', '=', oldFileId)
    .executeTakeFirstOrThrow();
  if (old.cell_id === null) return;
  await db
    .updateTable('data_file')
    .set({ cell_id: null, cell_position: null })
    .where('id', '=', oldFileId)
    .execute();
  await db
    .updateTable('data_file')
    .set({ cell_id: old.cell_id, cell_position: old.cell_position })
    .where('id', '=', newFileId)
    .execute();
}
