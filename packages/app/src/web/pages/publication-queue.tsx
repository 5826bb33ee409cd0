import type { PublicationRequest } from '../../publication/publication-request.ts';
import type { PublicationStatus } from '../../db/schema.ts';
import { CsrfField } from '../forms/fields.tsx';
import { Page } from '../layout/page.tsx';
import type { PageContext } from '../page-context.ts';
import { StatusBadge } from './experiment-bits.tsx';
import { RequestItem } from './experiment-actions.tsx';
import { DateTime } from './format.tsx';

const TABS: { status: PublicationStatus; label: string }[] = [
  { status: 'pending', label: 'Waiting for review' },
  { status: 'approved', label: 'Approved' },
  { status: 'declined', label: 'Declined' },
];

function Decide({ ctx, request }: { ctx: PageContext; request: PublicationRequest }) {
  const id = `decision-note-${request.id}`;
  return (
    <form method="post" action={`/publication-requests/${request.id}/decision`} class="stack">
      <CsrfField token={ctx.csrfToken} />
      <div class="field">
        <label for={id}>Note to {request.requestedBy ?? 'the requester'} (optional)</label>
        <textarea id={id} name="note" rows={2} maxLength={2000} />
      </div>
      <div class="actions">
        {request.kind === 'correction' ? (
          <a class="button" href={`/experiments/${request.experiment.id}/edit`}>
            Edit the experiment
          </a>
        ) : null}
        <button type="submit" name="decision" value="approve" class="primary">
          {request.kind === 'correction' ? 'Mark as corrected' : 'Approve and publish'}
        </button>
        <button type="submit" name="decision" value="decline" class="danger">
          Decline
        </button>
      </div>
    </form>
  );
}

export function PublicationQueuePage({
  ctx,
  status,
  requests,
}: {
  ctx: PageContext;
  status: PublicationStatus;
  requests: PublicationRequest[];
}) {
  return (
    <Page ctx={ctx} title="Publication requests">
      <h1>Publication requests</h1>
      <p class="muted">
        Requests to publish a private experiment, and owners’ requests to correct a published one.
      </p>
      <nav aria-label="Request status" class="actions">
        {TABS.map((t) => (
          <a
            key={t.status}
            class={t.status === status ? 'button primary' : 'button'}
            href={`/publication-requests?status=${t.status}`}
            aria-current={t.status === status ? 'page' : undefined}
          >
            {t.label}
          </a>
        ))}
      </nav>
      {requests.length === 0 ? (
        <p class="panel">{status === 'pending' ? 'Nothing waits for review.' : 'None.'}</p>
      ) : (
        requests.map((r) => (
          <section key={r.id} aria-labelledby={`request-${r.id}`}>
            <h2 id={`request-${r.id}`}>
              <a href={`/experiments/${r.experiment.id}`}>{r.experiment.title}</a>{' '}
              <StatusBadge status={r.status} />
            </h2>
            {r.status === 'pending' ? (
              <>
                <p>
                  {r.kind === 'correction' ? 'Correction' : 'Publication'} asked by{' '}
                  <strong>{r.requestedBy ?? 'a deleted user'}</strong> on <DateTime value={r.createdAt} />
                  {r.note ? <> — “{r.note}”</> : null}
                </p>
                <Decide ctx={ctx} request={r} />
              </>
            ) : (
              <ul class="plain">
                <RequestItem request={r} />
              </ul>
            )}
          </section>
        ))
      )}
    </Page>
  );
}
