import { AuthzError, type Subject } from '@batterydb/authz';
import { type Kysely, sql } from 'kysely';
import type { AppAuthz } from '../authz/create-app-authz.ts';
import type { Database, ExperimentStatus } from '../db/schema.ts';
import { purgeExperimentData } from '../measurements/purge-file.ts';
import { deletionSnapshot, recordExperimentAudit } from './experiment-audit.ts';
import { toColumns, validateFields } from './experiment-fields.ts';
import { getExperiment } from './get-experiment.ts';

/** PATCH: needs `change_experiment` on this experiment; only the declared fields can change. */
export async function updateExperiment(
  authz: AppAuthz,
  db: Kysely<Database>,
  caller: Subject | null,
  id: number,
  patch: Record<string, unknown>,
) {
  const fields = validateFields(patch, 'patch');
  await getExperiment(authz, db, caller, id, 'batterydb.change_experiment');
  await authz.experiments.update(sql`id = ${id}`, { ...toColumns(fields), updated_at: authz.ctx.now() });
  return getExperiment(authz, db, caller, id);
}

/**
 * DELETE: needs `delete_experiment`; grants and data go with it. The data first, in short
 * statements (a million samples in the cascade would be one long write on SQLite, SPEC §7);
 * then the experiment and its audit entry — with what was deleted, files included — together.
 */
export async function deleteExperiment(
  authz: AppAuthz,
  db: Kysely<Database>,
  caller: Subject | null,
  id: number,
  clientAddress: string | null = null,
): Promise<void> {
  const row = await getExperiment(authz, db, caller, id, 'batterydb.delete_experiment');
  const before = await deletionSnapshot(db, row);
  await purgeExperimentData(db, id);
  await authz.transaction(async (tx) => {
    await tx.objects(authz.experiments.policy).delete(sql`id = ${id}`);
    const actorId = caller?.user.id ?? null;
    await recordExperimentAudit(
      tx.ctx,
      { actorId, action: 'experiment.delete', experimentId: id, before, after: null },
      clientAddress,
    );
  });
}

/**
 * PUT status: needs `change_experiment_status` (Maintainers have it). The rules read the
 * status live, so who may see the experiment changes with this one UPDATE, in its transaction.
 */
export async function setExperimentStatus(
  authz: AppAuthz,
  db: Kysely<Database>,
  caller: Subject | null,
  id: number,
  status: unknown,
  clientAddress: string | null = null,
) {
  if (status !== 'private' && status !== 'public')
    throw new AuthzError('INVALID_INPUT', 'status must be "private" or "public"', 'status');
  const row = await getExperiment(authz, db, caller, id, 'batterydb.change_experiment_status');
  await authz.transaction(async (tx) => {
    await tx.objects(authz.experiments.policy).update(sql`id = ${id}`, {
      status: status satisfies ExperimentStatus,
      updated_at: authz.ctx.now(),
    });
    // Publication and its reverse, audited with the change (SPEC §5).
    if (row.status !== status)
      await recordExperimentAudit(
        tx.ctx,
        {
          actorId: caller?.user.id ?? null,
          action: status === 'public' ? 'experiment.publish' : 'experiment.unpublish',
          experimentId: id,
          before: { status: row.status },
          after: { status },
        },
        clientAddress,
      );
  });
  return getExperiment(authz, db, caller, id);
}
