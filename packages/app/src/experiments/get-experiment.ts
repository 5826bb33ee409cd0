import { AuthzError, type Subject } from '@batterydb/authz';
import type { Kysely, Selectable } from 'kysely';
import type { AppAuthz } from '../authz/create-app-authz.ts';
import type { Perm } from '../authz/registry.ts';
import type { Database, ExperimentTable } from '../db/schema.ts';

export type ExperimentRow = Selectable<ExperimentTable> & { owner_username: string };

/**
 * Loads an experiment for an action. Invisible (or missing) → NOT_FOUND, so a private
 * experiment's existence is never revealed; visible but `perm` not held → FORBIDDEN (SPEC §5).
 */
export async function getExperiment(
  authz: Pick<AppAuthz, 'experiments'>,
  db: Kysely<Database>,
  caller: Subject | null,
  id: number,
  perm: Perm = 'batterydb.view_experiment',
): Promise<ExperimentRow> {
  const row = await db
    .selectFrom('experiment as e')
    .innerJoin('authz_user as u', 'u.id', 'e.owner_id')
    .selectAll('e')
    .select('u.username as owner_username')
    .where('e.id', '=', id)
    .executeTakeFirst();
  if (!row || !(await authz.experiments.hasPerm(caller, 'batterydb.view_experiment', row)))
    throw new AuthzError('NOT_FOUND', `experiment ${id} does not exist`, 'id');
  if (perm !== 'batterydb.view_experiment' && !(await authz.experiments.hasPerm(caller, perm as never, row)))
    throw new AuthzError(
      'FORBIDDEN',
      `you may view experiment ${id} but not ${perm.split('.')[1]!.replaceAll('_', ' ')}`,
    );
  return row;
}
