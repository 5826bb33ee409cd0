import type { Decision, Group, User } from '@batterydb/authz';
import { CsrfField, FormError, TextField } from '../../forms/fields.tsx';
import type { FormFailure } from '../../forms/form-errors.ts';
import type { PageContext } from '../../page-context.ts';
import { AdminPage, Reason } from '../admin-layout.tsx';
import { denial, modelHeading, permName } from '../admin-words.ts';
import { RoleBadge } from './group-list.tsx';
import { Flags } from './user-list.tsx';
import { Pager } from '../../layout/pager.tsx';

export type GroupSection = 'rename' | 'delete' | 'permissions' | 'members';

export interface GroupPageFailure extends FormFailure {
  section: GroupSection;
  value?: string;
}

export interface GroupPageData {
  group: Group;
  /** The role's declaration when the group is a declared role's. */
  role: { description: string } | null;
  permissions: readonly string[];
  /** Every registered permission (for the superuser's form), grouped by model. */
  catalogue: readonly { perm: string; model: string; name: string }[];
  memberCount: number;
  rename: Decision;
  delete: Decision;
  changePermissions: Decision;
  /** May the viewer add members at all (the group's holdings against the viewer's)? */
  addMembers: Decision;
  /** Members (null: the viewer may not list accounts), each with whether the viewer may take them out. */
  members: readonly { user: User; remove: Decision }[] | null;
  membersDenied: string | null;
  nextHref: string | null;
  firstHref: string | null;
}

const fail = (failure: GroupPageFailure | null, section: GroupSection) =>
  failure?.section === section ? failure : null;

function PermissionsSection({
  ctx,
  d,
  failure,
}: {
  ctx: PageContext;
  d: GroupPageData;
  failure: GroupPageFailure | null;
}) {
  const held = new Set(d.permissions);
  const models = [...new Set(d.catalogue.map((p) => p.model))];
  const names = new Map(d.catalogue.map((p) => [p.perm, permName(p.name)]));
  const list = (
    <ul class="perm-list">
      {d.permissions.map((p) => (
        <li key={p}>
          {names.get(p) ?? p} <code class="muted">{p}</code>
        </li>
      ))}
    </ul>
  );
  return (
    <section aria-labelledby="permissions-heading">
      <h2 id="permissions-heading">Permissions</h2>
      {d.role ? (
        <>
          <p class="notice" role="note">
            “{d.group.name}” is a role declared in code ({d.role.description}). Its permissions are not edited
            here: every start of BatteryDB brings them back to the declaration, so a change here would be
            undone. Change the role’s declaration instead.
          </p>
          {d.permissions.length ? (
            list
          ) : (
            <p>No model permissions: members see what the rules give the role.</p>
          )}
        </>
      ) : d.changePermissions.allowed ? (
        <form method="post" action={`/admin/groups/${d.group.id}/permissions`} class="stack">
          <CsrfField token={ctx.csrfToken} />
          <FormError message={fail(failure, 'permissions')?.message} />
          <div class="perm-grid">
            {models.map((model) => (
              <fieldset key={model}>
                <legend>{modelHeading(model)}</legend>
                {d.catalogue
                  .filter((p) => p.model === model)
                  .map((p) => (
                    <label class="check" key={p.perm}>
                      <input type="checkbox" name="permissions" value={p.perm} checked={held.has(p.perm)} />{' '}
                      {permName(p.name)}
                    </label>
                  ))}
              </fieldset>
            ))}
          </div>
          <button type="submit">Save permissions</button>
        </form>
      ) : (
        <>
          {d.permissions.length ? list : <p>None.</p>}
          <Reason>Changing them: {denial(d.changePermissions)}.</Reason>
        </>
      )}
    </section>
  );
}

function MembersSection({
  ctx,
  d,
  failure,
}: {
  ctx: PageContext;
  d: GroupPageData;
  failure: GroupPageFailure | null;
}) {
  const f = fail(failure, 'members');
  return (
    <section aria-labelledby="members-heading">
      <h2 id="members-heading">Members ({d.memberCount.toLocaleString('en')})</h2>
      <FormError message={f?.message} />
      {d.addMembers.allowed ? (
        <form method="post" action={`/admin/groups/${d.group.id}/members`} class="inline-fields">
          <CsrfField token={ctx.csrfToken} />
          <div>
            <TextField
              name="name"
              label="Add a user by username"
              value={f?.value ?? ''}
              errors={f?.fields}
              autocomplete="off"
              list="name-options"
              required
            />
            <datalist id="name-options" />
          </div>
          <button type="submit">Add</button>
        </form>
      ) : (
        <Reason>Adding members: {denial(d.addMembers)}.</Reason>
      )}
      {d.members === null ? (
        <Reason>Listing members: {d.membersDenied}.</Reason>
      ) : d.members.length === 0 ? (
        <p class="muted">Nobody is in this group.</p>
      ) : (
        <div class="table-wrap" tabIndex={0}>
          <table>
            <caption class="visually-hidden">Members</caption>
            <thead>
              <tr>
                <th scope="col">User</th>
                <th scope="col">
                  <span class="visually-hidden">Remove</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {d.members.map(({ user, remove }) => (
                <tr key={user.id}>
                  <th scope="row">
                    <a href={`/admin/users/${user.id}`}>{user.username}</a> <Flags user={user} />
                    {user.fullName ? <span class="muted"> {user.fullName}</span> : null}
                  </th>
                  <td>
                    {remove.allowed ? (
                      <form
                        method="post"
                        action={`/admin/groups/${d.group.id}/members/remove`}
                        class="inline-form"
                      >
                        <CsrfField token={ctx.csrfToken} />
                        <input type="hidden" name="userId" value={String(user.id)} />
                        <button type="submit" class="danger small" aria-label={`Remove ${user.username}`}>
                          Remove
                        </button>
                      </form>
                    ) : (
                      <span class="reason-inline">{denial(remove)}</span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pager firstHref={d.firstHref} nextHref={d.nextHref} label="Pages of members" />
    </section>
  );
}

/** One group: name, permissions (superusers; roles read-only), members. */
export function GroupDetailPage({
  ctx,
  d,
  failure,
}: {
  ctx: PageContext;
  d: GroupPageData;
  failure: GroupPageFailure | null;
}) {
  const rename = fail(failure, 'rename');
  const del = fail(failure, 'delete');
  return (
    <AdminPage
      ctx={ctx}
      title={d.group.name}
      crumbs={[{ href: '/admin/groups', label: 'Groups and roles' }]}
      scripts={d.addMembers.allowed ? ['share.js'] : []}
    >
      <div class="page-head">
        <h1>
          {d.group.name} {d.role ? <RoleBadge /> : null}
        </h1>
        <a href={`/admin/audit?targetType=auth.group&target=${encodeURIComponent(d.group.name)}`}>history</a>
      </div>
      <div class="columns">
        <PermissionsSection ctx={ctx} d={d} failure={failure} />
        <section aria-labelledby="name-heading">
          <h2 id="name-heading">Name</h2>
          {d.rename.allowed ? (
            <form method="post" action={`/admin/groups/${d.group.id}/rename`} class="stack">
              <CsrfField token={ctx.csrfToken} />
              <FormError message={rename?.message} />
              <TextField
                name="name"
                label="Name"
                idPrefix="rename"
                value={rename?.value ?? d.group.name}
                errors={rename?.fields}
                required
                maxLength={150}
              />
              <button type="submit">Rename</button>
            </form>
          ) : (
            <Reason>Renaming: {denial(d.rename)}.</Reason>
          )}
          <h3>Delete</h3>
          <FormError message={del?.message} />
          {d.delete.allowed ? (
            <form method="post" action={`/admin/groups/${d.group.id}/delete`} class="stack">
              <CsrfField token={ctx.csrfToken} />
              <label class="check">
                <input type="checkbox" name="confirm" value="yes" required /> Yes, delete “{d.group.name}”:
                its {d.memberCount} members lose what it gives them.
              </label>
              <button type="submit" class="danger">
                Delete group
              </button>
            </form>
          ) : (
            <Reason>Deleting: {denial(d.delete)}.</Reason>
          )}
        </section>
      </div>
      <MembersSection ctx={ctx} d={d} failure={failure} />
    </AdminPage>
  );
}
