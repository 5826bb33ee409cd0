import { AuthzError, type Subject } from '@batterydb/authz';
import { type Kysely, sql } from 'kysely';
import type { AppAuthz } from '../authz/create-app-authz.ts';
import type { Database } from '../db/schema.ts';
import { inExperimentTransaction } from '../experiments/experiment-transaction.ts';
import { getExperiment } from '../experiments/get-experiment.ts';
import type { PublicationRequest } from './publication-request.ts';
import { getPublicationRequest, validNote } from './request-publication.ts';

export type PublicationDecision = 'approve' | 'decline';

/**
 * A Maintainer approves (the experiment becomes public; for a correction request: marks it
 * done) or declines a pending request, with a note the requester sees. Deciding needs `change_experiment_status` on the experiment — the
 * permission that publishing itself needs (SPEC §3.3). A request about an experiment the caller
 * cannot see does not exist for them (404). Permission check, status change, decision and audit
 * entry are one (serializable) transaction, so two Maintainers deciding at once cannot both win
 * and a revocation cannot slip between the check and the write.
 */
export async function decidePublication(
  authz: AppAuthz,
  db: Kysely<Database>,
  caller: Subject | null,
  requestId: number,
  decision: PublicationDecision,
  note: unknown,
  clientAddress: string | null = null,
): Promise<PublicationRequest> {
  if (decision !== 'approve' && decision !== 'decline')
    throw new AuthzError('INVALID_INPUT', 'decision must be "approve" or "decline"', 'decision');
  const text = validNote(note, 'note');
  const request = await getPublicationRequest(db, requestId).catch(() => null);
  const notFound = new AuthzError('NOT_FOUND', `publication request ${requestId} does not exist`, 'id');
  if (!request) throw notFound;
  // Decided inside the transaction that writes (issue 8): a revocation or a status change
  // committed meanwhile aborts it instead of slipping in between.
  await inExperimentTransaction(authz, caller, async (t) => {
    try {
      await getExperiment(t, t.db, t.caller, request.experiment.id, 'batterydb.change_experiment_status');
    } catch (error) {
      if (error instanceof AuthzError && error.code === 'NOT_FOUND') throw notFound;
      throw error;
    }
    const actorId = t.caller!.user.id;
    const changed = await t.db
      .updateTable('publication_request')
      .set({
        status: decision === 'approve' ? 'approved' : 'declined',
        decided_by: actorId,
        decision_note: text,
        decided_at: t.tx.now().getTime(),
      })
      .where('id', '=', requestId)
      .where('status', '=', 'pending')
      .executeTakeFirst();
    if (Number(changed.numUpdatedRows) !== 1)
      throw new AuthzError('CONFLICT', `publication request ${requestId} was already decided`, 'id');
    const publication = request.kind === 'publication';
    if (decision === 'approve' && publication)
      // Through the kit, so that object hooks run in this transaction (SPEC §1 goal 5).
      await t.experiments.update(sql`id = ${request.experiment.id}`, {
        status: 'public',
        updated_at: t.tx.now().getTime(),
      });
    await t.tx.recordAudit({
      actorId,
      // A correction is done by the Maintainer editing the experiment; "approve" marks it done.
      action: publication
        ? `publication.${decision === 'approve' ? 'approve' : 'decline'}`
        : `correction.${decision === 'approve' ? 'done' : 'decline'}`,
      target: { type: 'batterydb.experiment', id: request.experiment.id },
      before: { request: requestId, status: 'pending', experimentStatus: request.experiment.status },
      after: {
        request: requestId,
        status: decision === 'approve' ? 'approved' : 'declined',
        experimentStatus: decision === 'approve' && publication ? 'public' : request.experiment.status,
        note: text,
      },
      clientAddress,
    });
  });
  return getPublicationRequest(db, requestId);
}
