import type { ExperimentTransaction } from '../experiments/experiment-transaction.ts';

/**
 * A direct publish answers the experiment's pending publication request (SPEC §8): inside the
 * publishing transaction, each pending request becomes "approved" by the publisher, with the
 * publisher's note, audited as an approval — so the page never shows "public" beside
 * "publication requested", and the queue no longer offers a request that is already done.
 */
export async function resolvePendingPublication(
  t: ExperimentTransaction,
  experimentId: number,
  note: string,
  clientAddress: string | null,
): Promise<void> {
  const actorId = t.caller?.user.id ?? null;
  const pending = await t.db
    .selectFrom('publication_request')
    .select('id')
    .where('experiment_id', '=', experimentId)
    .where('kind', '=', 'publication')
    .where('status', '=', 'pending')
    .execute();
  for (const { id } of pending) {
    await t.db
      .updateTable('publication_request')
      .set({ status: 'approved', decided_by: actorId, decision_note: note, decided_at: t.tx.now().getTime() })
      .where('id', '=', id)
      .execute();
    await t.tx.recordAudit({
      actorId,
      action: 'publication.approve',
      target: { type: 'batterydb.experiment', id: experimentId },
      before: { request: id, status: 'pending', experimentStatus: 'private' },
      after: { request: id, status: 'approved', experimentStatus: 'public', note, by: 'publish' },
      clientAddress,
    });
  }
}
