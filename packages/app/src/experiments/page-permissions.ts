import type { Subject } from '@batterydb/authz';
import type { Selectable } from 'kysely';
import type { AppAuthz } from '../authz/create-app-authz.ts';
import type { ExperimentTable } from '../db/schema.ts';
import type { ExperimentPerm } from './share-experiment.ts';

/** The experiment permissions a list shows per row, in this order. */
export const ROW_PERMISSIONS: readonly ExperimentPerm[] = [
  'batterydb.view_experiment',
  'batterydb.change_experiment',
  'batterydb.delete_experiment',
  'batterydb.change_experiment_status',
];

/**
 * What the caller may do with each experiment of a page (guardian's `prefetch_perms`): the
 * kit's `checkMany` per permission, on the rows already loaded. The caller's grants are read
 * once for the request (the Subject's memo), so the whole page costs at most one query.
 */
export async function permissionsOfPage(
  authz: AppAuthz,
  caller: Subject | null,
  rows: readonly Selectable<ExperimentTable>[],
): Promise<Map<number, string[]>> {
  const out = new Map<number, string[]>(rows.map((r) => [r.id, []]));
  for (const perm of ROW_PERMISSIONS) {
    const allowed = await authz.experiments.checkMany(caller, perm, rows);
    for (const id of allowed) out.get(id)?.push(perm);
  }
  return out;
}
