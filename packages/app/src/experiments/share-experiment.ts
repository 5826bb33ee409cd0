import { AuthzError, recordAudit, type Subject } from '@batterydb/authz';
import type { Kysely } from 'kysely';
import type { AppAuthz } from '../authz/create-app-authz.ts';
import type { Perm } from '../authz/registry.ts';
import type { Database } from '../db/schema.ts';
import { getExperiment } from './get-experiment.ts';

export type ExperimentPerm = Extract<Perm, `batterydb.${string}_experiment${string}`>;
const GRANTABLE: readonly string[] = [
  'batterydb.view_experiment',
  'batterydb.change_experiment',
  'batterydb.delete_experiment',
  'batterydb.change_experiment_status',
];

export interface ShareRequest {
  holder: { user: number } | { group: number };
  permissions: readonly string[];
  expiresAt?: Date | null;
}

/**
 * Grants (or revokes) object permissions on one experiment. Managing sharing needs
 * `change_experiment` on it, and SPEC §4 holds: the actor can only hand out — or take away —
 * permissions it holds on this experiment itself, so sharing never escalates anyone.
 * The grant and its audit entry commit together.
 */
export async function shareExperiment(
  authz: AppAuthz,
  db: Kysely<Database>,
  caller: Subject | null,
  id: number,
  request: ShareRequest,
  mode: 'grant' | 'revoke',
  clientAddress: string | null = null,
): Promise<void> {
  await getExperiment(authz, db, caller, id, 'batterydb.change_experiment');
  if (request.permissions.length === 0)
    throw new AuthzError('INVALID_INPUT', 'permissions must not be empty', 'permissions');
  for (const perm of request.permissions)
    if (!GRANTABLE.includes(perm))
      throw new AuthzError('INVALID_INPUT', `"${perm}" is not a permission of experiments`, 'permissions');
  if (request.expiresAt && request.expiresAt.getTime() <= authz.ctx.now())
    throw new AuthzError('INVALID_INPUT', 'expiresAt must be in the future', 'expiresAt');
  await authz.transaction(
    async (tx) => {
      const experiments = tx.objects(authz.experiments.policy);
      // Decided inside the (serializable) transaction on the caller's current permissions, so a
      // revocation that commits meanwhile cannot be outrun (SPEC §4).
      const actor = caller === null ? null : await tx.loadSubject(caller.user.id);
      if (!actor || !(await experiments.hasPerm(actor, 'batterydb.change_experiment', id)))
        throw new AuthzError('FORBIDDEN', `you may not change the sharing of experiment ${id}`);
      for (const perm of request.permissions)
        if (!(await experiments.hasPerm(actor, perm as ExperimentPerm, id)))
          throw new AuthzError(
            'FORBIDDEN',
            `you cannot ${mode} ${perm}: you do not hold it on this experiment`,
            'permissions',
          );
      for (const perm of request.permissions) {
        if (mode === 'grant')
          await experiments.assign(request.holder, perm as ExperimentPerm, id, {
            expiresAt: request.expiresAt ?? null,
          });
        else await experiments.remove(request.holder, perm as ExperimentPerm, id);
      }
      await recordAudit(tx.ctx, {
        actorId: caller?.user.id ?? null,
        action: mode === 'grant' ? 'grant.add' : 'grant.remove',
        target: { type: 'batterydb.experiment', id },
        before: null,
        after: {
          holder: request.holder,
          permissions: request.permissions,
          expiresAt: request.expiresAt?.toISOString() ?? null,
        },
        clientAddress,
      });
    },
    { serializable: true },
  );
}
