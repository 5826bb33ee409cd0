import { CsrfField, FormError, TextField } from '../forms/fields.tsx';
import { HolderFields } from '../forms/holder-fields.tsx';
import type { FieldErrors } from '../forms/form-errors.ts';
import { Page } from '../layout/page.tsx';
import type { PageContext } from '../page-context.ts';
import { PERMISSION_LABELS, why } from '../sharing/access-words.ts';
import type { AccessLine, ChosenHolder, StoredGrantLine } from '../sharing/share-model.ts';

export interface ShareForm {
  kind: string;
  name: string;
  permissions: string[];
  expiresAt: string;
}

/** A holder's permissions grouped by reason: "View, Edit — the owner, while it is private". */
function reasons(line: AccessLine): { perms: string[]; reason: string }[] {
  const byReason = new Map<string, string[]>();
  for (const p of line.permissions)
    for (const source of p.sources) {
      const reason = why(source, line.kind);
      byReason.set(reason, [...(byReason.get(reason) ?? []), p.perm]);
    }
  return [...byReason].map(([reason, perms]) => ({ reason, perms }));
}

const label = (perm: string) => PERMISSION_LABELS[perm] ?? perm;
const day = (date: Date) => date.toISOString().slice(0, 10);

/** Why a stored grant gives nothing now, in words. */
function notInForce(grant: StoredGrantLine, now: Date): string {
  if (grant.expiresAt && grant.expiresAt <= now) return `shared until ${day(grant.expiresAt)}, ended`;
  return 'shared, not in force while the experiment is public';
}

function RevokeButton({
  ctx,
  id,
  line,
  perm,
}: {
  ctx: PageContext;
  id: number;
  line: AccessLine;
  perm: string;
}) {
  return (
    <form method="post" action={`/experiments/${id}/share/revoke`} class="inline-form">
      <CsrfField token={ctx.csrfToken} />
      <input type="hidden" name="kind" value={line.kind} />
      <input type="hidden" name="name" value={line.name} />
      <input type="hidden" name="permissions" value={perm} />
      <button type="submit" class="danger small" aria-label={`Revoke ${label(perm)} from ${line.name}`}>
        Revoke {label(perm).split(' ')[0]!.toLowerCase()}
      </button>
    </form>
  );
}

function AccessTable({ ctx, id, lines }: { ctx: PageContext; id: number; lines: AccessLine[] }) {
  const now = new Date();
  return (
    <div class="table-wrap" tabIndex={0}>
      <table>
        <caption class="visually-hidden">Who has access and why</caption>
        <thead>
          <tr>
            <th scope="col">Who</th>
            <th scope="col">May, and why</th>
            <th scope="col">
              <span class="visually-hidden">Revoke</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {lines.map((line) => {
            const idle = line.grants.filter((g) => !g.counts);
            return (
              <tr key={`${line.kind}-${line.name}`}>
                <th scope="row">
                  {line.name}
                  {line.kind === 'group' ? <span class="muted"> (group)</span> : null}
                </th>
                <td>
                  <ul class="reasons">
                    {reasons(line).map((r) => (
                      <li key={r.reason}>
                        <strong>{r.perms.map(label).join(', ')}</strong> — {r.reason}
                      </li>
                    ))}
                    {idle.map((g) => (
                      <li key={`idle-${g.perm}`} class="muted">
                        <strong>{label(g.perm)}</strong> — {notInForce(g, now)}
                      </li>
                    ))}
                  </ul>
                </td>
                <td class="revoke-cell">
                  {line.grants
                    .filter((g) => g.revocable)
                    .map((g) => (
                      <RevokeButton key={g.perm} ctx={ctx} id={id} line={line} perm={g.perm} />
                    ))}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

/** Why the grant policy does not offer a permission, in the page's words. */
function refusal(reason: string, holder: ChosenHolder): string {
  switch (reason) {
    case 'own-account':
      return 'you cannot give permissions to yourself';
    case 'own-group':
      return `you are a member of ${holder.name}, and cannot give permissions to your own group`;
    case 'permission-not-held':
      return 'you do not hold it on this experiment';
    default:
      return `${holder.kind === 'group' ? 'this group' : 'this user'} cannot be given it by you`;
  }
}

/** Step 1: whom to share with, by name (type-ahead with JavaScript; a plain GET form without). */
function ChooseHolder({ id, form, errors }: { id: number; form: ShareForm; errors: FieldErrors }) {
  return (
    <form method="get" action={`/experiments/${id}/share`} class="stack">
      <HolderFields legend="With" form={form} errors={errors} />
      <button type="submit" class="primary">
        Next: choose permissions
      </button>
    </form>
  );
}

/** Step 2: the permissions the grant policy lets the viewer give this holder, and an end date. */
function GivePermissions({
  ctx,
  id,
  holder,
  form,
  errors,
  message,
}: {
  ctx: PageContext;
  id: number;
  holder: ChosenHolder;
  form: ShareForm;
  errors: FieldErrors;
  message: string | null | undefined;
}) {
  const who = (
    <p class="chosen-holder">
      To <strong>{holder.name}</strong>
      <span class="muted"> ({holder.kind})</span> ·{' '}
      <a href={`/experiments/${id}/share?kind=${holder.kind}`}>choose someone else</a>
    </p>
  );
  const refused = holder.refused.map((r) => `${label(r.perm)}: ${refusal(r.reason, holder)}`);
  if (holder.offer.length === 0)
    return (
      <div class="stack">
        {who}
        <p class="notice">
          You cannot give {holder.name} anything on this experiment —{' '}
          {refusal(holder.refused[0]?.reason ?? '', holder)}.
        </p>
      </div>
    );
  const needsView = holder.offer.some((p) => p !== 'batterydb.view_experiment');
  return (
    <form method="post" action={`/experiments/${id}/share`} class="stack">
      <CsrfField token={ctx.csrfToken} />
      <FormError message={message} />
      {who}
      <input type="hidden" name="kind" value={holder.kind} />
      <input type="hidden" name="name" value={holder.name} />
      <fieldset aria-describedby={errors.permissions ? 'f-permissions-error' : undefined}>
        <legend>Permissions</legend>
        {holder.offer.map((perm) => (
          <label class="check" key={perm}>
            <input
              type="checkbox"
              name="permissions"
              value={perm}
              checked={form.permissions.includes(perm)}
            />{' '}
            {label(perm)}
          </label>
        ))}
        {needsView ? (
          <p class="hint">
            Edit and delete need view too: tick it, unless {holder.name} has it shared already.
          </p>
        ) : null}
        {refused.length ? <p class="hint">Not offered — {refused.join('; ')}.</p> : null}
        {errors.permissions ? (
          <p class="field-error" id="f-permissions-error">
            {errors.permissions}
          </p>
        ) : null}
      </fieldset>
      <TextField
        name="expiresAt"
        label="Until (optional)"
        type="date"
        value={form.expiresAt}
        errors={errors}
        hint="Access ends at the end of that day (UTC). Leave empty for no end."
      />
      <button type="submit" class="primary">
        Share
      </button>
    </form>
  );
}

export function SharePage(props: {
  ctx: PageContext;
  experiment: { id: number; title: string; status: string };
  lines: AccessLine[];
  /** Null until a user or group has been chosen by name. */
  holder: ChosenHolder | null;
  form: ShareForm;
  errors?: FieldErrors;
  message?: string | null;
  /** Names a partial name starts (found without JavaScript), as links that choose them. */
  suggestions?: readonly { kind: 'user' | 'group'; name: string }[];
}) {
  const { ctx, experiment: e, form, holder, errors = {}, suggestions = [] } = props;
  return (
    <Page ctx={ctx} title={`Share ${e.title}`} scripts={holder ? [] : ['share.js']}>
      <p>
        <a href={`/experiments/${e.id}`}>← {e.title}</a>
      </p>
      <h1>Share “{e.title}”</h1>
      <div class="columns share-columns">
        <section aria-labelledby="grant-heading">
          <h2 id="grant-heading">Give access</h2>
          {holder ? (
            <GivePermissions
              ctx={ctx}
              id={e.id}
              holder={holder}
              form={form}
              errors={errors}
              message={props.message}
            />
          ) : (
            <>
              <FormError message={props.message} />
              <ChooseHolder id={e.id} form={form} errors={errors} />
              {suggestions.length ? (
                <ul class="suggestions" aria-label="Matching names">
                  {suggestions.map((s) => (
                    <li key={`${s.kind}:${s.name}`}>
                      <a
                        href={`/experiments/${e.id}/share?kind=${s.kind}&name=${encodeURIComponent(s.name)}`}
                      >
                        {s.name}
                      </a>{' '}
                      <span class="muted">({s.kind})</span>
                    </li>
                  ))}
                </ul>
              ) : null}
            </>
          )}
        </section>
        <section aria-labelledby="access-heading">
          <h2 id="access-heading">Who has access</h2>
          <p class="hint">
            {e.status === 'public'
              ? 'Public: every signed-in reader may view it. Shared edit and delete count only while it is private.'
              : 'Private: only the people below may see it.'}
          </p>
          <AccessTable ctx={ctx} id={e.id} lines={props.lines} />
        </section>
      </div>
    </Page>
  );
}
