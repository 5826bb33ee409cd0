import type { DatasetStatus } from '../../datasets/dataset-status.ts';
import { DEFAULT_LICENCE, LICENCES } from '../../datasets/licences.ts';
import { CsrfField } from '../forms/fields.tsx';
import type { PageContext } from '../page-context.ts';
import { Day } from '../pages/format.tsx';
import { LicenceLink } from './dataset-citation.tsx';

/**
 * A curator's open-data controls on the experiment page (issue 26): release openly with a
 * licence, publish the draft as the next version, withdraw a version with a reason. Shown only
 * to viewers holding `change_experiment_status` on it; the server decides again on every post.
 */
export function OpenDataPanel({
  ctx,
  experimentId,
  isPublic,
  status,
}: {
  ctx: PageContext;
  experimentId: number;
  isPublic: boolean;
  status: DatasetStatus;
}) {
  const latest = status.versions[0];
  return (
    <section aria-labelledby="open-data-heading">
      <h2 id="open-data-heading">Open data</h2>
      {status.openRelease ? (
        <p>
          Released openly under <LicenceLink id={status.licence} />: anyone may read its released versions on{' '}
          <a href={`/datasets/${experimentId}`}>its landing page</a>, signed in or not.
        </p>
      ) : isPublic ? (
        <form method="post" action={`/experiments/${experimentId}/release`} class="stack">
          <CsrfField token={ctx.csrfToken} />
          <p>
            Releasing makes its released versions — metadata, original files and cycle tables — readable and
            downloadable by anyone, without an account, under the licence chosen here.
          </p>
          <div class="field">
            <label for="release-licence">Licence</label>
            <select id="release-licence" name="licence">
              {LICENCES.map((l) => (
                <option key={l.id} value={l.id} selected={l.id === DEFAULT_LICENCE}>
                  {l.name} ({l.id})
                </option>
              ))}
            </select>
          </div>
          <label class="check">
            <input type="checkbox" name="confirm" value="yes" required /> I confirm this data may be published
            under this licence
          </label>
          <button type="submit" class="primary">
            Release openly
          </button>
        </form>
      ) : (
        <p class="muted">Publish it first; a public experiment can then be released openly.</p>
      )}
      {status.draft && latest ? (
        <form method="post" action={`/experiments/${experimentId}/versions`} class="stack">
          <CsrfField token={ctx.csrfToken} />
          <p>
            It has changed since version {latest.n}: the change is a draft of version {latest.n + 1}, and
            version {latest.n} stays as it was released.
          </p>
          <button type="submit">Publish version {latest.n + 1}</button>
        </form>
      ) : null}
      {status.versions.length ? (
        <ul class="stack">
          {status.versions.map((v) => (
            <li key={v.n}>
              <a href={`/datasets/${experimentId}/v/${v.n}`}>Version {v.n}</a>, released{' '}
              <Day value={v.releasedAt} />
              {v.withdrawn ? (
                <span class="muted">
                  {' '}
                  — withdrawn <Day value={v.withdrawn.at} />: {v.withdrawn.reason}
                </span>
              ) : (
                <form
                  method="post"
                  action={`/experiments/${experimentId}/versions/${v.n}/withdraw`}
                  class="inline-form"
                >
                  <CsrfField token={ctx.csrfToken} />
                  <label for={`withdraw-${v.n}`} class="visually-hidden">
                    Why withdraw version {v.n}
                  </label>
                  <input
                    id={`withdraw-${v.n}`}
                    name="reason"
                    required
                    maxLength={1000}
                    placeholder="Reason"
                  />
                  <button type="submit" class="danger small">
                    Withdraw version {v.n}
                  </button>
                </form>
              )}
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
