import { AuthzError, type Subject } from '@batterydb/authz';
import { sql } from 'kysely';
import type { AppAuthz } from '../authz/create-app-authz.ts';
import { recordExperimentAudit } from '../experiments/experiment-audit.ts';
import {
  type ExperimentTransaction,
  inExperimentTransaction,
} from '../experiments/experiment-transaction.ts';
import { type ExperimentRow, getExperiment } from '../experiments/get-experiment.ts';
import { findVersions } from './dataset-versions.ts';
import { freezeVersion } from './freeze-version.ts';
import { DEFAULT_LICENCE, licenceId } from './licences.ts';
import { snapshotExperiment } from './snapshot-experiment.ts';

/** A curator's action on a public experiment: `change_experiment_status` (SPEC §3.3), public only. */
async function curate(t: ExperimentTransaction, id: number): Promise<ExperimentRow> {
  const row = await getExperiment(t, t.db, t.caller, id, 'batterydb.change_experiment_status');
  if (row.status !== 'public')
    throw new AuthzError('CONFLICT', `experiment ${id} is not public: publish it first`, 'status');
  return row;
}

/**
 * Releases a public experiment openly under a licence (SPDX id): from then on anyone, signed
 * in or not, may view its released versions (the policy's rule reads `open_release`). Its
 * first version exists already (frozen when it became public). Audited.
 */
export async function releaseOpenly(
  authz: AppAuthz,
  caller: Subject | null,
  id: number,
  requested: unknown = DEFAULT_LICENCE,
  clientAddress: string | null = null,
): Promise<void> {
  const licence = licenceId(requested);
  if (licence === null)
    throw new AuthzError(
      'INVALID_INPUT',
      'licence must be a current SPDX licence id, e.g. CC-BY-4.0 (https://spdx.org/licenses/)',
      'licence',
    );
  await inExperimentTransaction(authz, caller, async (t) => {
    const row = await curate(t, id);
    await t.experiments.update(sql`id = ${id}`, { open_release: 1, licence });
    await recordExperimentAudit(
      t.tx,
      {
        actorId: t.caller?.user.id ?? null,
        action: 'dataset.release',
        experimentId: id,
        before: { openRelease: row.open_release === 1, licence: row.licence },
        after: { openRelease: true, licence },
      },
      clientAddress,
    );
  });
}

/**
 * Publishes the draft — the experiment as it is now — as the next version, when it differs
 * from the last one (409 otherwise: a version is a change). Audited.
 */
export async function publishVersion(
  authz: AppAuthz,
  caller: Subject | null,
  id: number,
  clientAddress: string | null = null,
): Promise<number> {
  return inExperimentTransaction(authz, caller, async (t) => {
    await curate(t, id);
    const [latest] = await findVersions(t.db, id);
    if (latest && JSON.stringify(latest.snapshot) === JSON.stringify(await snapshotExperiment(t.db, id)))
      throw new AuthzError('CONFLICT', `nothing changed since version ${latest.n}`, 'id');
    const n = await freezeVersion(t.db, id, t.caller?.user.id ?? null, t.tx.now().getTime());
    await recordExperimentAudit(
      t.tx,
      {
        actorId: t.caller?.user.id ?? null,
        action: 'dataset.version',
        experimentId: id,
        before: latest ? { version: latest.n } : null,
        after: { version: n },
      },
      clientAddress,
    );
    return n;
  });
}

/**
 * Withdraws version n with a reason (a Maintainer: `change_experiment_status`): its landing
 * page becomes a tombstone (410) and its data is no longer served. Final; audited.
 */
export async function withdrawVersion(
  authz: AppAuthz,
  caller: Subject | null,
  id: number,
  n: number,
  reason: unknown,
  clientAddress: string | null = null,
): Promise<void> {
  const text = typeof reason === 'string' ? reason.trim() : '';
  if (text.length === 0 || text.length > 1000)
    throw new AuthzError('INVALID_INPUT', 'reason must say why, in 1–1000 characters', 'reason');
  await inExperimentTransaction(authz, caller, async (t) => {
    await getExperiment(t, t.db, t.caller, id, 'batterydb.change_experiment_status');
    const version = (await findVersions(t.db, id)).find((v) => v.n === n);
    if (!version) throw new AuthzError('NOT_FOUND', `version ${n} of experiment ${id} does not exist`, 'n');
    if (version.withdrawn) throw new AuthzError('CONFLICT', `version ${n} is already withdrawn`, 'n');
    const actorId = t.caller?.user.id ?? null;
    await t.db
      .updateTable('dataset_version')
      .set({ withdrawn_at: t.tx.now().getTime(), withdrawn_reason: text, withdrawn_by: actorId })
      .where('experiment_id', '=', id)
      .where('n', '=', n)
      .execute();
    await recordExperimentAudit(
      t.tx,
      {
        actorId,
        action: 'dataset.withdraw',
        experimentId: id,
        before: { version: n },
        after: { version: n, reason: text },
      },
      clientAddress,
    );
  });
}
