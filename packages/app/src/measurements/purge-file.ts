import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';

/**
 * Sample blocks removed per statement (≈ 130,000 samples). On SQLite each statement is its own
 * short write transaction, so deleting a file of millions of samples never holds the writer for
 * long (SPEC §7); a plain `DELETE` of the file would remove every block in one transaction
 * through its trigger.
 */
export const PURGE_BLOCKS = 32;
/** Original-file pieces (≤ 1 MiB each) removed per statement. */
const PURGE_CHUNKS = 8;

export interface FileKey {
  experimentId: number;
  fileId: number;
}

/** A file's samples and cycle rows, removed in short statements; the file and its bytes stay. */
export async function purgeSamples(db: Kysely<Database>, key: FileKey): Promise<void> {
  for (;;) {
    const batch = await db
      .selectFrom('sample_block')
      .select(['level', 'first_seq'])
      .where('experiment_id', '=', key.experimentId)
      .where('file_id', '=', key.fileId)
      .orderBy('level')
      .orderBy('first_seq')
      .limit(PURGE_BLOCKS)
      .execute();
    const last = batch.at(-1);
    if (last === undefined) break;
    await db
      .deleteFrom('sample_block')
      .where('experiment_id', '=', key.experimentId)
      .where('file_id', '=', key.fileId)
      .where((eb) =>
        eb.or([
          eb('level', '<', last.level),
          eb.and([eb('level', '=', last.level), eb('first_seq', '<=', last.first_seq)]),
        ]),
      )
      .execute();
  }
  // A file has one row per cycle: thousands at most, one statement.
  await db
    .deleteFrom('cycle_summary')
    .where('experiment_id', '=', key.experimentId)
    .where('file_id', '=', key.fileId)
    .execute();
}

/**
 * Deletes a file with everything of it, in short statements. The caller has hidden it first
 * (status `deleting`, or it was never complete), so nobody reads a half-deleted file.
 */
export async function purgeFile(db: Kysely<Database>, key: FileKey): Promise<void> {
  await purgeSamples(db, key);
  const top = await db
    .selectFrom('data_file_chunk')
    .select((eb) => eb.fn.max('seq').as('seq'))
    .where('file_id', '=', key.fileId)
    .executeTakeFirst();
  for (let upper = Number(top?.seq ?? 0); upper > 0; upper -= PURGE_CHUNKS)
    await db
      .deleteFrom('data_file_chunk')
      .where('file_id', '=', key.fileId)
      .where('seq', '>', upper - PURGE_CHUNKS)
      .execute();
  await db.deleteFrom('data_file').where('id', '=', key.fileId).execute();
}

/** Hides files (status `deleting`) in one short write; returns the ones hidden. */
export async function hideFiles(
  db: Kysely<Database>,
  where: { experimentId: number; fileId?: number },
): Promise<FileKey[]> {
  let query = db
    .updateTable('data_file')
    .set({ status: 'deleting' })
    .where('experiment_id', '=', where.experimentId);
  if (where.fileId !== undefined) query = query.where('id', '=', where.fileId);
  const rows = await query.returning(['experiment_id', 'id']).execute();
  return rows.map((r) => ({ experimentId: r.experiment_id, fileId: r.id }));
}

/**
 * Before an experiment is deleted: its data goes first, in short statements, so the
 * experiment's own `DELETE` (whose cascade would otherwise take every sample in one
 * transaction) is short too. An import still writing into it notices and stops.
 */
export async function purgeExperimentData(db: Kysely<Database>, experimentId: number): Promise<void> {
  for (const key of await hideFiles(db, { experimentId })) await purgeFile(db, key);
}
