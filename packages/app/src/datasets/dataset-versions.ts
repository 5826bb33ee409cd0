import type { Kysely, Selectable } from 'kysely';
import type { Database, DatasetVersionTable } from '../db/schema.ts';
import type { DatasetSnapshot } from './snapshot-experiment.ts';

/** A version as pages and the API show it. */
export interface DatasetVersion {
  experimentId: number;
  n: number;
  releasedAt: Date;
  withdrawn: { at: Date; reason: string } | null;
  snapshot: DatasetSnapshot;
}

export const toVersion = (row: Selectable<DatasetVersionTable>): DatasetVersion => ({
  experimentId: row.experiment_id,
  n: Number(row.n),
  releasedAt: new Date(Number(row.released_at)),
  withdrawn:
    row.withdrawn_at === null
      ? null
      : { at: new Date(Number(row.withdrawn_at)), reason: row.withdrawn_reason ?? '' },
  snapshot: JSON.parse(row.snapshot) as DatasetSnapshot,
});

/** Every version of an experiment, newest first. The caller decided visibility. */
export async function findVersions(db: Kysely<Database>, experimentId: number): Promise<DatasetVersion[]> {
  const rows = await db
    .selectFrom('dataset_version')
    .selectAll()
    .where('experiment_id', '=', experimentId)
    .orderBy('n', 'desc')
    .execute();
  return rows.map(toVersion);
}

/** The newest version not withdrawn, or null. */
export const latestReleased = (versions: readonly DatasetVersion[]): DatasetVersion | null =>
  versions.find((v) => v.withdrawn === null) ?? null;
