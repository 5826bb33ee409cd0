import { AuthzError, permissionsGainedByUpdate, type Subject } from '@batterydb/authz';
import { type Kysely, sql } from 'kysely';
import type { AppAuthz } from '../authz/create-app-authz.ts';
import type { Database, ExperimentStatus } from '../db/schema.ts';
import { hideFiles, purgeExperimentData } from '../measurements/purge-file.ts';
import { toColumns, validateFields } from './experiment-fields.ts';
import { inExperimentTransaction } from './experiment-transaction.ts';
import { getExperiment } from './get-experiment.ts';

/** PATCH: needs `change_experiment` on this experiment; only the declared fields can change. */
export async function updateExperiment(
  authz: AppAuthz,
  caller: Subject | null,
  id: number,
  patch: Record<string, unknown>,
) {
  const fields = validateFields(patch, 'patch');
  return inExperimentTransaction(authz, caller, async (t) => {
    await getExperiment(t, t.db, t.caller, id, 'batterydb.change_experiment');
    await t.experiments.update(sql`id = ${id}`, { ...toColumns(fields), updated_at: authz.ctx.now() });
    return getExperiment(t, t.db, t.caller, id);
  });
}

/**
 * DELETE: needs `delete_experiment`; grants and data go with it. The decision commits with the
 * first write — the experiment itself when it has no data, else the hiding of its files — so a
 * revocation cannot slip in between. The data then goes in short statements (a million samples
 * in the cascade would be one long write on SQLite, SPEC §7) and the experiment last, carrying
 * out the decision already committed.
 */
export async function deleteExperiment(authz: AppAuthz, caller: Subject | null, id: number): Promise<void> {
  const hidden = await inExperimentTransaction(authz, caller, async (t) => {
    await getExperiment(t, t.db, t.caller, id, 'batterydb.delete_experiment');
    const files = await hideFiles(t.db, { experimentId: id });
    if (files.length === 0) await t.experiments.delete(sql`id = ${id}`);
    return files.length;
  });
  if (hidden === 0) return;
  const db: Kysely<Database> = authz.ctx.db;
  await purgeExperimentData(db, id);
  await authz.experiments.delete(sql`id = ${id}`);
}

/**
 * PUT status: needs `change_experiment_status` (Maintainers have it). The rules read the
 * status live, so who may see the experiment changes with this one UPDATE, in its transaction.
 * SPEC §4: what the flip gives anyone, the actor must hold on it — making it private gives the
 * owner (and collaborators' curated grants) `change` and `delete` back, so only a curator may.
 */
export async function setExperimentStatus(
  authz: AppAuthz,
  caller: Subject | null,
  id: number,
  status: unknown,
) {
  if (status !== 'private' && status !== 'public')
    throw new AuthzError('INVALID_INPUT', 'status must be "private" or "public"', 'status');
  return inExperimentTransaction(authz, caller, async (t) => {
    const row = await getExperiment(t, t.db, t.caller, id, 'batterydb.change_experiment_status');
    const gained = permissionsGainedByUpdate(t.experiments.policy, row, { ...row, status });
    for (const perm of gained)
      if (!(await t.experiments.hasPerm(t.caller, perm as never, row)))
        throw new AuthzError(
          'FORBIDDEN',
          `making experiment ${id} ${status} gives others ${perm}, which you do not hold on it`,
          'status',
        );
    await t.experiments.update(sql`id = ${id}`, {
      status: status satisfies ExperimentStatus,
      updated_at: authz.ctx.now(),
    });
    return getExperiment(t, t.db, t.caller, id);
  });
}
