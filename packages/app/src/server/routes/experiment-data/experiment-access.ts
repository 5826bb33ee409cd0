import type { Subject } from '@batterydb/authz';
import type { AppAuthz } from '../../../authz/create-app-authz.ts';
import { HttpProblem } from '../../http/problem.ts';

/**
 * Data inherits the experiment's permissions (SPEC §3.3): every data route asks this about the
 * experiment, never about the data. Not visible → 404 with the same words whether the experiment
 * is private or does not exist (SPEC §5: never reveal that it exists); visible but the action is
 * not allowed → 403.
 */
export async function requireExperiment(
  authz: AppAuthz,
  subject: Subject | null,
  experimentId: number,
  action: 'view' | 'change',
): Promise<void> {
  if (!(await authz.experiments.hasPerm(subject, 'batterydb.view_experiment', experimentId)))
    throw new HttpProblem('NOT_FOUND', `experiment ${experimentId} was not found`, { field: 'id' });
  if (
    action === 'change' &&
    !(await authz.experiments.hasPerm(subject, 'batterydb.change_experiment', experimentId))
  )
    throw new HttpProblem(
      'FORBIDDEN',
      `you may view experiment ${experimentId} but not change it (a public experiment can only be changed by a maintainer)`,
    );
}
