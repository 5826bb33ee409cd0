import { AuthzError, type Subject } from '@batterydb/authz';
import type { AppAuthz } from '../authz/create-app-authz.ts';
import { type DatasetVersion, findVersions } from './dataset-versions.ts';

export interface Dataset {
  experimentId: number;
  licence: string | null;
  /** Newest first, withdrawn ones included (as tombstones). */
  versions: DatasetVersion[];
}

/**
 * A dataset as anyone may see it: the kit decides `view_released_experiment` on the experiment
 * for this subject (null: a signed-out visitor) — the same rule lists and explain use. No
 * permission, or no version yet: NOT_FOUND, in the words of a missing one (SPEC §5).
 */
export async function getDataset(authz: AppAuthz, subject: Subject | null, id: number): Promise<Dataset> {
  const notFound = new AuthzError('NOT_FOUND', `dataset ${id} does not exist`, 'id');
  const row = await authz.db.selectFrom('experiment').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row || !(await authz.experiments.hasPerm(subject, 'batterydb.view_released_experiment', row)))
    throw notFound;
  const versions = await findVersions(authz.db, id);
  if (versions.length === 0) throw notFound;
  return { experimentId: id, licence: row.licence, versions };
}

/** Version n of a dataset; NOT_FOUND when there is none. A withdrawn one is returned (a tombstone). */
export function versionOf(dataset: Dataset, n: number): DatasetVersion {
  const version = dataset.versions.find((v) => v.n === n);
  if (!version) throw new AuthzError('NOT_FOUND', `dataset ${dataset.experimentId} has no version ${n}`, 'n');
  return version;
}
