import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/schema.ts';
import { snapshotExperiment } from './snapshot-experiment.ts';

/**
 * Freezes the experiment's current state as its next version, in the caller's transaction:
 * the snapshot row, and a copy of each original file's stored pieces under its SHA-256 unless
 * an earlier version already keeps those bytes (same SHA-256, same bytes). Returns n.
 *
 * The copy is one INSERT … SELECT per file inside the database (no bytes pass through the
 * process); a large file makes it a long write on SQLite — see ARCHITECTURE "Open data".
 */
export async function freezeVersion(
  db: Kysely<Database>,
  experimentId: number,
  actorId: number | null,
  now: number,
): Promise<number> {
  const snapshot = await snapshotExperiment(db, experimentId);
  for (const file of snapshot.files)
    await db
      .insertInto('dataset_blob_chunk')
      .columns(['sha256', 'seq', 'bytes', 'compression'])
      .expression((eb) =>
        eb
          .selectFrom('data_file_chunk as c')
          .select([
            sql<string>`cast(${file.sha256} as varchar(64))`.as('sha256'),
            'c.seq',
            'c.bytes',
            'c.compression',
          ])
          .where('c.file_id', '=', file.id)
          .where((w) =>
            w.not(
              w.exists(
                w.selectFrom('dataset_blob_chunk as b').select('b.seq').where('b.sha256', '=', file.sha256),
              ),
            ),
          ),
      )
      .execute();
  const last = await db
    .selectFrom('dataset_version')
    .select((eb) => eb.fn.max('n').as('n'))
    .where('experiment_id', '=', experimentId)
    .executeTakeFirst();
  const n = Number(last?.n ?? 0) + 1;
  await db
    .insertInto('dataset_version')
    .values({
      experiment_id: experimentId,
      n,
      snapshot: JSON.stringify(snapshot),
      released_at: now,
      released_by: actorId,
    })
    .execute();
  return n;
}
