import type { GroupSummary } from '../../../accounts/find-accounts.ts';
import { CsrfField, FormError, TextField } from '../../forms/fields.tsx';
import type { FormFailure } from '../../forms/form-errors.ts';
import type { PageContext } from '../../page-context.ts';
import { AdminPage, Reason } from '../admin-layout.tsx';
import { Pager } from '../../layout/pager.tsx';

export function RoleBadge() {
  return (
    <span class="badge badge-role" title="Declared in code; its permissions come from the declaration">
      declared role
    </span>
  );
}

/** Groups and roles, with member counts; a new group by name (its permissions: superusers, on its page). */
export function GroupListPage(props: {
  ctx: PageContext;
  groups: readonly GroupSummary[];
  roles: ReadonlySet<string>;
  /** Why the viewer may not create groups, or null. */
  createDenied: string | null;
  name: string;
  failure: FormFailure | null;
  nextHref: string | null;
  firstHref: string | null;
}) {
  const { ctx } = props;
  return (
    <AdminPage ctx={ctx} title="Groups and roles">
      <h1>Groups and roles</h1>
      <div class="columns wide-first">
        <section aria-labelledby="groups-heading">
          <h2 id="groups-heading" class="visually-hidden">
            Groups
          </h2>
          <p class="hint">
            A user holds the permissions of every group they are in, besides their own. The three roles are
            declared in code and come back as declared at every start.
          </p>
          <div class="table-wrap" tabIndex={0}>
            <table>
              <caption class="visually-hidden">Groups with their member counts</caption>
              <thead>
                <tr>
                  <th scope="col">Group</th>
                  <th scope="col" class="num">
                    Members
                  </th>
                </tr>
              </thead>
              <tbody>
                {props.groups.map((g) => (
                  <tr key={g.id}>
                    <th scope="row">
                      <a href={`/admin/groups/${g.id}`}>{g.name}</a>{' '}
                      {props.roles.has(g.name) ? <RoleBadge /> : null}
                    </th>
                    <td class="num">{g.memberCount.toLocaleString('en')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Pager firstHref={props.firstHref} nextHref={props.nextHref} />
        </section>
        <section aria-labelledby="new-group-heading">
          <h2 id="new-group-heading">New group</h2>
          {props.createDenied === null ? (
            <form method="post" action="/admin/groups" class="stack">
              <CsrfField token={ctx.csrfToken} />
              <FormError message={props.failure?.message} />
              <TextField
                name="name"
                label="Name"
                value={props.name}
                errors={props.failure?.fields}
                required
                maxLength={150}
                hint="Members and permissions are chosen on the group's page."
              />
              <button type="submit" class="primary">
                Create group
              </button>
            </form>
          ) : (
            <Reason>Creating groups: {props.createDenied}.</Reason>
          )}
        </section>
      </div>
    </AdminPage>
  );
}
