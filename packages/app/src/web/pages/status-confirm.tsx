import type { PublicationRequest } from '../../publication/publication-request.ts';
import { CsrfField, TextArea } from '../forms/fields.tsx';
import { Page } from '../layout/page.tsx';
import type { PageContext } from '../page-context.ts';
import { DateTime } from './format.tsx';

/**
 * "Publish this experiment?" (or unpublish): what changes for whom, the pending publication
 * requests a publish answers, and an optional note kept with them (the requester reads it).
 */
export function StatusConfirmPage(props: {
  ctx: PageContext;
  experiment: { id: number; title: string; status: 'public' | 'private' };
  to: 'public' | 'private';
  pending: PublicationRequest[];
}) {
  const { ctx, experiment: e, to, pending } = props;
  const publish = to === 'public';
  const heading = publish ? `Publish “${e.title}”?` : `Unpublish “${e.title}”?`;
  return (
    <Page ctx={ctx} title={publish ? 'Publish experiment' : 'Unpublish experiment'}>
      <section class="narrow">
        <h1>{heading}</h1>
        {e.status === to ? (
          <p class="notice">It is {to} already.</p>
        ) : publish ? (
          <p>
            Every signed-in reader will see it and its data. Its owner and collaborators may no longer change
            it: published data is changed by Maintainers only.
          </p>
        ) : (
          <p>
            Only its owner, those it is shared with and Maintainers will see it; its owner may edit it again.
          </p>
        )}
        {publish && pending.length ? (
          <div class="panel">
            <p>This answers the publication request{pending.length === 1 ? '' : 's'} waiting for review:</p>
            <ul>
              {pending.map((r) => (
                <li key={r.id}>
                  {r.requestedBy ?? 'a deleted user'}, <DateTime value={r.createdAt} />
                  {r.note ? <> — “{r.note}”</> : null}
                </li>
              ))}
            </ul>
          </div>
        ) : null}
        <form method="post" action={`/experiments/${e.id}/status`} class="stack">
          <CsrfField token={ctx.csrfToken} />
          <input type="hidden" name="status" value={to} />
          {publish ? (
            <TextArea
              name="note"
              label={pending.length ? 'Note to the requester (optional)' : 'Note (optional)'}
              hint="Kept with the decision in the audit log."
              rows={3}
              maxLength={2000}
            />
          ) : null}
          <div class="actions">
            <button type="submit" class={publish ? 'primary' : 'danger'}>
              {publish ? 'Publish' : 'Unpublish'}
            </button>
            <a href={`/experiments/${e.id}`}>Cancel</a>
          </div>
        </form>
      </section>
    </Page>
  );
}
