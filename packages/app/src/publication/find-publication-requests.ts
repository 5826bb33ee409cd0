import type { Subject } from '@batterydb/authz';
import type { Kysely } from 'kysely';
import type { AppAuthz } from '../authz/create-app-authz.ts';
import type { Database, PublicationStatus } from '../db/schema.ts';
import { type PublicationRequest, requestQuery, toPublicationRequest } from './publication-request.ts';

/**
 * The review queue: requests (pending by default, oldest first) about experiments on which the
 * caller may change the status — the kit's filter for that permission, so the queue shows no
 * request a reviewer could not decide and reveals no experiment they could not see.
 */
export async function findPublicationRequests(
  authz: AppAuthz,
  db: Kysely<Database>,
  caller: Subject | null,
  options: { status?: PublicationStatus; limit?: number } = {},
): Promise<PublicationRequest[]> {
  const status = options.status ?? 'pending';
  const allowed = await authz.experiments.accessible(caller, 'batterydb.change_experiment_status', 'e');
  const rows = await requestQuery(db)
    .where('r.status', '=', status)
    .where(allowed)
    .orderBy('r.id', status === 'pending' ? 'asc' : 'desc')
    .limit(options.limit ?? 100)
    .execute();
  return rows.map(toPublicationRequest);
}

/**
 * The requests about one experiment, newest first. The caller has decided that the viewer may
 * see them (whoever may change the experiment or its status, and its owner).
 */
export async function requestsOfExperiment(
  db: Kysely<Database>,
  experimentId: number,
): Promise<PublicationRequest[]> {
  const rows = await requestQuery(db)
    .where('r.experiment_id', '=', experimentId)
    .orderBy('r.id', 'desc')
    .limit(20)
    .execute();
  return rows.map(toPublicationRequest);
}

/** Who follows an experiment's requests: its owner, and whoever may change it or its status. */
export function mayFollowPublication(
  caller: Subject | null,
  experiment: { owner_id: number },
  callerPerms: ReadonlySet<string>,
): boolean {
  return (
    (caller !== null && caller.user.id === experiment.owner_id) ||
    callerPerms.has('batterydb.change_experiment') ||
    callerPerms.has('batterydb.change_experiment_status')
  );
}
