import type { ObjectAccess, HolderLine } from '../../../admin/object-access.ts';
import type { AdminObjectModel } from '../../../admin/object-models.ts';
import { CsrfField, FormError, TextField } from '../../forms/fields.tsx';
import { HolderFields } from '../../forms/holder-fields.tsx';
import type { FormFailure } from '../../forms/form-errors.ts';
import type { PageContext } from '../../page-context.ts';
import { AdminPage, Reason } from '../admin-layout.tsx';
import { denial } from '../admin-words.ts';
import { permissionLabel, why } from '../../sharing/access-words.ts';

export interface GrantForm {
  kind: string;
  name: string;
  permissions: string[];
  expiresAt: string;
}

const day = (d: Date) => d.toISOString().slice(0, 10);

/** Why the holder has each permission, grouped by reason, in the share page's words: "View, Edit (while private) — the owner, while it is private". */
function Reasons({ line }: { line: HolderLine }) {
  const byReason = new Map<string, string[]>();
  for (const p of line.permissions)
    for (const s of p.sources)
      byReason.set(why(s, line.kind), [...(byReason.get(why(s, line.kind)) ?? []), p.perm]);
  return byReason.size === 0 ? (
    <span class="muted">nothing now</span>
  ) : (
    <ul class="reasons">
      {[...byReason].map(([reason, perms]) => (
        <li key={reason}>
          <strong>{perms.map((p) => permissionLabel(p)).join(', ')}</strong> — {reason}
        </li>
      ))}
    </ul>
  );
}

function Grants({ ctx, line, action }: { ctx: PageContext; line: HolderLine; action: string }) {
  if (line.grants.length === 0) return <span class="muted">none</span>;
  return (
    <ul class="reasons">
      {line.grants.map((g) => (
        <li key={g.perm}>
          <strong>{permissionLabel(g.perm)}</strong>
          {g.expiresAt ? ` until ${day(g.expiresAt)}` : ''}
          {g.counts ? null : (
            <span class="badge badge-pending" title="Stored, but gives nothing now">
              {g.expired ? 'expired' : 'does not count now'}
            </span>
          )}{' '}
          {g.revoke.allowed ? (
            <form method="post" action={`${action}/revoke`} class="inline-form">
              <CsrfField token={ctx.csrfToken} />
              <input type="hidden" name={line.kind === 'group' ? 'group' : 'user'} value={String(line.id)} />
              <input type="hidden" name="permissions" value={g.perm} />
              <button
                type="submit"
                class="danger small"
                aria-label={`Revoke ${permissionLabel(g.perm)} from ${line.name}`}
              >
                Revoke
              </button>
            </form>
          ) : (
            <span class="reason-inline">cannot revoke: {denial(g.revoke)}</span>
          )}
        </li>
      ))}
    </ul>
  );
}

/**
 * Guardian's "Object permissions" page, done safely: who holds what on the object and why —
 * rules, roles, grants, and grants that do not count now (curated or expired) — with revoke
 * where the grant policy allows it, and a grant form offering only what the viewer holds here.
 */
export function ObjectPermissionsPage(props: {
  ctx: PageContext;
  model: AdminObjectModel;
  object: { id: number; title: string; detail: string };
  access: ObjectAccess;
  form: GrantForm;
  failure: FormFailure | null;
}) {
  const { ctx, model, object, access, form } = props;
  const action = `/admin/${model.path}/${object.id}/permissions`;
  const offer = new Set(access.offer);
  const errors = props.failure?.fields ?? {};
  return (
    <AdminPage ctx={ctx} title={`Object permissions: ${object.title}`} scripts={['share.js']}>
      <p>
        <a href={model.href(object.id)}>← {object.title}</a>
      </p>
      <h1>
        Object permissions: “{object.title}”{' '}
        <span class="muted">
          ({model.label} no. {object.id}, {object.detail})
        </span>
      </h1>
      <section aria-labelledby="holders-heading">
        <h2 id="holders-heading">Who holds what, and why</h2>
        <div class="table-wrap" tabIndex={0}>
          <table>
            <caption class="visually-hidden">Holders of permissions on this {model.label}</caption>
            <thead>
              <tr>
                <th scope="col">Who</th>
                <th scope="col">May now, and why</th>
                <th scope="col">Grants stored on this {model.label}</th>
              </tr>
            </thead>
            <tbody>
              {access.lines.map((line) => (
                <tr key={`${line.kind}-${line.id ?? line.name}`}>
                  <th scope="row">
                    {line.kind === 'user' && line.id !== null ? (
                      <a href={`/admin/users/${line.id}`}>{line.name}</a>
                    ) : null}
                    {line.kind === 'group' && line.id !== null ? (
                      <>
                        <a href={`/admin/groups/${line.id}`}>{line.name}</a>{' '}
                        <span class="muted">(group)</span>
                      </>
                    ) : null}
                    {line.kind === 'everyone' ? line.name : null}
                  </th>
                  <td>
                    <Reasons line={line} />
                  </td>
                  <td>
                    {line.kind === 'everyone' ? null : <Grants ctx={ctx} line={line} action={action} />}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
      <section aria-labelledby="grant-heading">
        <h2 id="grant-heading">Grant</h2>
        {access.offer.length === 0 ? (
          <Reason>Granting: you hold no permission on this {model.label} to give.</Reason>
        ) : (
          <form method="post" action={`${action}/grant`} class="stack narrow-form">
            <CsrfField token={ctx.csrfToken} />
            <FormError message={props.failure?.message} />
            <HolderFields legend="To" form={form} errors={errors} />
            <fieldset aria-describedby={errors.permissions ? 'f-permissions-error' : undefined}>
              <legend>Permissions</legend>
              {access.perms.map((perm) =>
                offer.has(perm) ? (
                  <label class="check" key={perm}>
                    <input
                      type="checkbox"
                      name="permissions"
                      value={perm}
                      checked={form.permissions.includes(perm)}
                    />{' '}
                    {permissionLabel(perm)}
                  </label>
                ) : (
                  <p class="check check-disabled" key={perm}>
                    {permissionLabel(perm)} — you do not hold it on this {model.label}, so you cannot give it
                  </p>
                ),
              )}
              {errors.permissions ? (
                <p class="field-error" id="f-permissions-error">
                  {errors.permissions}
                </p>
              ) : null}
              <p class="hint">
                Anything but view needs view in the same grant. The server decides again for the holder named.
              </p>
            </fieldset>
            <TextField
              name="expiresAt"
              label="Until (optional)"
              type="date"
              value={form.expiresAt}
              errors={errors}
              hint="The grant ends at the end of that day (UTC). Empty: no end."
            />
            <button type="submit" class="primary">
              Grant
            </button>
          </form>
        )}
      </section>
    </AdminPage>
  );
}
