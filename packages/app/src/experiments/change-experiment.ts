import { type AuthzBase, AuthzError, permsGainedByUpdate, type Subject } from '@batterydb/authz';
import { sql } from 'kysely';
import type { AppAuthz } from '../authz/create-app-authz.ts';
import type { ExperimentStatus } from '../db/schema.ts';
import { hideFiles, purgeExperimentData } from '../measurements/purge-file.ts';
import { deletionSnapshot, recordExperimentAudit } from './experiment-audit.ts';
import { toColumns, validateFields } from './experiment-fields.ts';
import { inExperimentTransaction } from './experiment-transaction.ts';
import { getExperiment } from './get-experiment.ts';
import { resolvePendingPublication } from '../publication/resolve-on-publish.ts';

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
    await t.experiments.update(sql`id = ${id}`, { ...toColumns(fields), updated_at: authz.now().getTime() });
    return getExperiment(t, t.db, t.caller, id);
  });
}

/**
 * DELETE: needs `delete_experiment`; grants and data go with it. The decision commits with the
 * first write — the experiment itself (and its audit entry) when it has no data, else the
 * hiding of its files — so a revocation cannot slip in between. The data then goes in short
 * statements (a million samples in the cascade would be one long write on SQLite, SPEC §7), and
 * the experiment and its audit entry, with what was deleted, together last: the decision
 * already committed, carried out.
 */
export async function deleteExperiment(
  authz: AppAuthz,
  caller: Subject | null,
  id: number,
  clientAddress: string | null = null,
): Promise<void> {
  const actorId = caller?.user.id ?? null;
  const audit = (tx: AuthzBase, before: unknown) =>
    recordExperimentAudit(
      tx,
      { actorId, action: 'experiment.delete', experimentId: id, before, after: null },
      clientAddress,
    );
  const pending = await inExperimentTransaction(authz, caller, async (t) => {
    const row = await getExperiment(t, t.db, t.caller, id, 'batterydb.delete_experiment');
    const before = await deletionSnapshot(t.db, row);
    if ((await hideFiles(t.db, { experimentId: id })).length > 0) return before;
    await t.experiments.delete(sql`id = ${id}`);
    await audit(t.tx, before);
    return null;
  });
  if (pending === null) return;
  await purgeExperimentData(authz.db, id);
  await authz.transaction(async (tx) => {
    await tx.objects(authz.experiments.policy).delete(sql`id = ${id}`);
    await audit(tx, pending);
  });
}

/**
 * PUT status: needs `change_experiment_status` (Maintainers have it). The rules read the
 * status live, so who may see the experiment changes with this one UPDATE, in its transaction,
 * audited with it (SPEC §5). SPEC §4: what the flip gives anyone, the actor must hold on it —
 * making it private gives the owner (and collaborators' curated grants) `change` and `delete`
 * back, so only a curator may.
 */
export async function setExperimentStatus(
  authz: AppAuthz,
  caller: Subject | null,
  id: number,
  status: unknown,
  clientAddress: string | null = null,
  /** Why, in the publisher's words: kept on the publication requests a publish answers. */
  note = '',
) {
  if (status !== 'private' && status !== 'public')
    throw new AuthzError('INVALID_INPUT', 'status must be "private" or "public"', 'status');
  return inExperimentTransaction(authz, caller, async (t) => {
    const row = await getExperiment(t, t.db, t.caller, id, 'batterydb.change_experiment_status');
    const gained = permsGainedByUpdate(t.experiments.policy, row, { ...row, status });
    for (const perm of gained)
      if (!(await t.experiments.hasPerm(t.caller, perm as never, row)))
        throw new AuthzError(
          'FORBIDDEN',
          `making experiment ${id} ${status} gives others ${perm}, which you do not hold on it`,
          'status',
        );
    await t.experiments.update(sql`id = ${id}`, {
      status: status satisfies ExperimentStatus,
      updated_at: authz.now().getTime(),
    });
    if (row.status !== status)
      await recordExperimentAudit(
        t.tx,
        {
          actorId: t.caller?.user.id ?? null,
          action: status === 'public' ? 'experiment.publish' : 'experiment.unpublish',
          experimentId: id,
          before: { status: row.status },
          after: note ? { status, note } : { status },
        },
        clientAddress,
      );
    if (status === 'public') await resolvePendingPublication(t, id, note, clientAddress);
    return getExperiment(t, t.db, t.caller, id);
  });
}
