import type { PermissionSource } from '@batterydb/authz';
import { CsrfField, FormError, TextField } from '../forms/fields.tsx';
import type { FieldErrors } from '../forms/form-errors.ts';
import { Page } from '../layout/page.tsx';
import type { PageContext } from '../page-context.ts';
import type { AccessLine } from '../sharing/share-model.ts';

export const PERMISSION_LABELS: Record<string, string> = {
  'batterydb.view_experiment': 'View',
  'batterydb.change_experiment': 'Edit (while private)',
  'batterydb.delete_experiment': 'Delete (while private)',
  'batterydb.change_experiment_status': 'Publish / unpublish',
};

export interface ShareForm {
  kind: string;
  name: string;
  permissions: string[];
  expiresAt: string;
}

/** Why a holder has a permission, in words. */
export function why(source: PermissionSource, holderKind: AccessLine['kind']): string {
  switch (source.kind) {
    case 'superuser':
      return 'superuser';
    case 'model-level':
      return source.group
        ? `role ${source.group} (every experiment)`
        : holderKind === 'group'
          ? 'the group’s permission (every experiment)'
          : 'own permission (every experiment)';
    case 'rule':
      return `rule “${source.rule}”${source.group ? ` via ${source.group}` : ''}`;
    case 'grant':
      return `shared${source.group ? ` via group ${source.group}` : ''}${source.expiresAt ? ` until ${source.expiresAt.toISOString().slice(0, 10)}` : ''}`;
  }
}

/** A holder's permissions grouped by reason: "View, Edit — rule “owner edits own private”". */
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

function AccessTable({
  ctx,
  id,
  lines,
  mayRevoke,
}: {
  ctx: PageContext;
  id: number;
  lines: AccessLine[];
  mayRevoke: ReadonlySet<string>;
}) {
  return (
    <div class="table-wrap">
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
            const granted = line.permissions
              .filter((p) => p.sources.some((s) => s.kind === 'grant') && mayRevoke.has(p.perm))
              .map((p) => p.perm);
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
                  </ul>
                </td>
                <td>
                  {line.kind !== 'everyone'
                    ? granted.map((perm) => (
                        <form
                          key={perm}
                          method="post"
                          action={`/experiments/${id}/share/revoke`}
                          class="inline-form"
                        >
                          <CsrfField token={ctx.csrfToken} />
                          <input type="hidden" name="kind" value={line.kind} />
                          <input type="hidden" name="name" value={line.name} />
                          <input type="hidden" name="permissions" value={perm} />
                          <button
                            type="submit"
                            class="danger small"
                            aria-label={`Revoke ${label(perm)} from ${line.name}`}
                          >
                            Revoke {label(perm).split(' ')[0]!.toLowerCase()}
                          </button>
                        </form>
                      ))
                    : null}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

export function SharePage(props: {
  ctx: PageContext;
  experiment: { id: number; title: string; status: string };
  lines: AccessLine[];
  grantable: string[];
  form: ShareForm;
  errors?: FieldErrors;
  message?: string | null;
}) {
  const { ctx, experiment: e, form, errors = {} } = props;
  const grantable = new Set(props.grantable);
  return (
    <Page ctx={ctx} title={`Share ${e.title}`} scripts={['share.js']}>
      <p>
        <a href={`/experiments/${e.id}`}>← {e.title}</a>
      </p>
      <h1>Share “{e.title}”</h1>
      <div class="columns">
        <section aria-labelledby="grant-heading">
          <h2 id="grant-heading">Give access</h2>
          <form method="post" action={`/experiments/${e.id}/share`} class="stack">
            <CsrfField token={ctx.csrfToken} />
            <FormError message={props.message} />
            <fieldset>
              <legend>With</legend>
              <label class="check">
                <input type="radio" name="kind" value="user" checked={form.kind !== 'group'} /> a user
              </label>
              <label class="check">
                <input type="radio" name="kind" value="group" checked={form.kind === 'group'} /> a group
              </label>
            </fieldset>
            <div>
              <TextField
                name="name"
                label="Name"
                value={form.name}
                errors={errors}
                hint="Start typing a username or group name."
                autocomplete="off"
                list="name-options"
                required
              />
              <datalist id="name-options" />
            </div>
            <fieldset aria-describedby={errors.permissions ? 'f-permissions-error' : undefined}>
              <legend>Permissions</legend>
              {Object.entries(PERMISSION_LABELS).map(([perm, label]) =>
                grantable.has(perm) ? (
                  <label class="check" key={perm}>
                    <input
                      type="checkbox"
                      name="permissions"
                      value={perm}
                      checked={form.permissions.includes(perm)}
                    />{' '}
                    {label}
                  </label>
                ) : (
                  <p class="check check-disabled" key={perm}>
                    {label} — you cannot give this (you do not hold it here)
                  </p>
                ),
              )}
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
        </section>
        <section aria-labelledby="access-heading">
          <h2 id="access-heading">Who has access</h2>
          <p class="hint">
            {e.status === 'public'
              ? 'Public: every signed-in reader may view it. Shared edit and delete count only while it is private.'
              : 'Private: only the people below may see it.'}
          </p>
          <AccessTable ctx={ctx} id={e.id} lines={props.lines} mayRevoke={grantable} />
        </section>
      </div>
    </Page>
  );
}
