import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { type DatasetVersion, findVersions } from './dataset-versions.ts';
import { snapshotExperiment } from './snapshot-experiment.ts';

/** An experiment's versions and whether its current state is a draft of the next one. */
export interface DatasetStatus {
  openRelease: boolean;
  licence: string | null;
  versions: DatasetVersion[];
  /** The experiment differs from its last version: publishing would make version n + 1. */
  draft: boolean;
}

/**
 * What the experiment page and `GET /api/experiments/:id/versions` show (the caller decided
 * the experiment is visible). The draft is not stored: it is the experiment as it is now,
 * compared with the last frozen version, so every path that changes the experiment (edit,
 * upload, cell, file deletion) updates it without a hook of its own.
 */
export async function datasetStatus(db: Kysely<Database>, experimentId: number): Promise<DatasetStatus> {
  const [row, versions] = await Promise.all([
    db
      .selectFrom('experiment')
      .select(['open_release', 'licence', 'status'])
      .where('id', '=', experimentId)
      .executeTakeFirstOrThrow(),
    findVersions(db, experimentId),
  ]);
  const latest = versions[0];
  const draft =
    row.status === 'public' &&
    latest !== undefined &&
    JSON.stringify(latest.snapshot) !== JSON.stringify(await snapshotExperiment(db, experimentId));
  return { openRelease: row.open_release === 1, licence: row.licence, versions, draft };
}
