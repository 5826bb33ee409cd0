import { AuthzError, type GrantHolder, type Subject } from '@batterydb/authz';
import type { AppAuthz } from '../authz/create-app-authz.ts';
import type { Perm } from '../authz/registry.ts';
import { inExperimentTransaction } from './experiment-transaction.ts';
import { getExperiment } from './get-experiment.ts';

export type ExperimentPerm = Extract<Perm, `batterydb.${string}_experiment${string}`>;

export interface ShareRequest {
  holder: GrantHolder;
  /** Strings from a form or a body: the kit refuses any that is not a permission of experiments. */
  permissions: readonly string[];
  expiresAt?: Date | null;
}

/**
 * Grants (or revokes) object permissions on one experiment. Managing its sharing needs
 * `change_experiment` on it (404 if invisible, 403 if not allowed); what may be granted to whom
 * is the kit's one grant policy (SPEC §4: only what the actor holds there, never to itself or
 * its own groups, never to someone it may not see), asked by `changeGrants` in this same
 * serializable transaction, which also writes the audit entry naming grantor and grantee.
 */
export async function shareExperiment(
  authz: AppAuthz,
  caller: Subject | null,
  id: number,
  request: ShareRequest,
  mode: 'grant' | 'revoke',
  clientAddress: string | null = null,
): Promise<void> {
  await inExperimentTransaction(authz, caller, async (t) => {
    await getExperiment(t, t.db, t.caller, id, 'batterydb.change_experiment');
    if (!t.caller) throw new AuthzError('UNAUTHENTICATED', 'sign in to share an experiment');
    await t.experiments.changeGrants(t.caller, id, mode, {
      holder: request.holder,
      permissions: request.permissions as readonly ExperimentPerm[],
      expiresAt: request.expiresAt ?? null,
      clientAddress,
    });
  });
}
