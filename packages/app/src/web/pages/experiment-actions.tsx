import type { PublicationRequest } from '../../publication/publication-request.ts';
import { CsrfField, TextArea } from '../forms/fields.tsx';
import { StatusBadge } from './experiment-bits.tsx';
import { type ExperimentPageProps, may } from './experiment-page-props.ts';
import { ExportMenu } from './export-menu.tsx';
import { DateTime } from './format.tsx';

/** An experiment with nothing to export or publish yet: no file stored. */
export const hasData = (props: ExperimentPageProps) => props.files.length > 0 || props.cycles.length > 0;

/**
 * The experiment's buttons. Publishing and unpublishing go through a confirmation page (with
 * an optional note); Export only once there is data to export.
 */
export function Actions(props: ExperimentPageProps) {
  const { experiment: e } = props;
  const nextStatus = e.status === 'public' ? 'private' : 'public';
  return (
    <div class="actions">
      {may(props, 'change_experiment') ? (
        <>
          <a class="button" href={`/experiments/${e.id}/edit`}>
            Edit
          </a>
          <a class="button" href={`/experiments/${e.id}/share`}>
            Share
          </a>
        </>
      ) : null}
      {may(props, 'change_experiment_status') ? (
        <a
          class={nextStatus === 'public' ? 'button primary' : 'button'}
          href={`/experiments/${e.id}/status?to=${nextStatus}`}
        >
          {nextStatus === 'public' ? 'Publish…' : 'Unpublish…'}
        </a>
      ) : null}
      <ExportMenu experimentId={e.id} files={props.files} />
      {may(props, 'delete_experiment') ? (
        <a class="button" href={`/experiments/${e.id}/delete`}>
          Delete…
        </a>
      ) : null}
    </div>
  );
}

const KIND_WORDS = { publication: 'Publication', correction: 'Correction' } as const;

/** One request as its owner follows it: who asked, what for, and the decision. */
export function RequestItem({ request: r }: { request: PublicationRequest }) {
  const done = r.kind === 'correction' ? 'Corrected' : 'Approved';
  return (
    <li>
      <StatusBadge status={r.status} /> {KIND_WORDS[r.kind]} asked by {r.requestedBy ?? 'a deleted user'} on{' '}
      <DateTime value={r.createdAt} />
      {r.note ? <> — “{r.note}”</> : null}
      {r.status !== 'pending' ? (
        <div>
          {r.status === 'approved' ? done : 'Declined'} by {r.decidedBy ?? 'a deleted user'}
          {r.decidedAt ? (
            <>
              {' '}
              on <DateTime value={r.decidedAt} />
            </>
          ) : null}
          {r.decisionNote ? <> — “{r.decisionNote}”</> : null}
        </div>
      ) : null}
    </li>
  );
}

/**
 * Publication and corrections: the requests of this experiment, and the form to ask. A private
 * experiment with data may be put forward for publication; the owner of a published one, who
 * may no longer edit it (public data is curated), asks a Maintainer for a correction instead.
 */
export function Publication(props: ExperimentPageProps) {
  const { ctx, experiment: e, requests } = props;
  if (requests === null) return null;
  const pending = (kind: PublicationRequest['kind']) =>
    requests.some((r) => r.kind === kind && r.status === 'pending');
  const canAsk =
    may(props, 'change_experiment') && e.status === 'private' && !pending('publication') && hasData(props);
  const own = ctx.subject?.user.id === e.owner.id;
  const canCorrect =
    own && e.status === 'public' && !may(props, 'change_experiment') && !pending('correction');
  if (!canAsk && !canCorrect && requests.length === 0) return null;
  return (
    <section aria-labelledby="publication-heading">
      <h2 id="publication-heading">Publication</h2>
      {requests.length ? (
        <ul class="stack">
          {requests.map((r) => (
            <RequestItem key={r.id} request={r} />
          ))}
        </ul>
      ) : null}
      {canAsk ? (
        <form
          method="post"
          action={`/experiments/${e.id}/publication-request`}
          class="stack"
          data-guard="unsaved"
        >
          <CsrfField token={ctx.csrfToken} />
          <TextArea
            name="note"
            label="Ask a Maintainer to publish it"
            hint="Optional note for the reviewer, e.g. what the data shows and where it was published."
            rows={3}
            maxLength={2000}
            idPrefix="publication"
          />
          <button type="submit">Ask for publication</button>
        </form>
      ) : null}
      {canCorrect ? (
        <form
          method="post"
          action={`/experiments/${e.id}/correction-request`}
          class="stack"
          data-guard="unsaved"
        >
          <CsrfField token={ctx.csrfToken} />
          <TextArea
            name="note"
            label="Ask a Maintainer for a correction"
            hint="Published data is curated: only a Maintainer changes it. Say what is wrong and what it should be, e.g. “the active mass is 12.5 mg, not 125 mg”."
            rows={3}
            maxLength={2000}
            required
            idPrefix="correction"
          />
          <button type="submit">Ask for a correction</button>
        </form>
      ) : null}
    </section>
  );
}
