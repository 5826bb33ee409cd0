import type { User } from '@batterydb/authz';
import type { GroupSummary } from '../../../accounts/find-accounts.ts';
import { FormError, SelectField, TextField } from '../../forms/fields.tsx';
import type { FieldErrors } from '../../forms/form-errors.ts';
import type { PageContext } from '../../page-context.ts';
import { Day } from '../../pages/format.tsx';
import { AdminPage, Reason } from '../admin-layout.tsx';
import { Pager } from '../../layout/pager.tsx';
import type { PageLinks } from '../../layout/page-trail.ts';

/** The users list's query as the form holds it: strings, blank when not given. */
export const USER_FILTERS = [
  'q',
  'active',
  'staff',
  'superuser',
  'group',
  'hasGrants',
  'lastLogin',
  'sort',
] as const;
export type UserFilters = Partial<Record<(typeof USER_FILTERS)[number], string>>;

const ANY_YES_NO = [
  { value: '', label: 'Any' },
  { value: 'yes', label: 'Yes' },
  { value: 'no', label: 'No' },
];

export const USER_SORT_OPTIONS = [
  { value: 'username', label: 'Username A–Z' },
  { value: '-username', label: 'Username Z–A' },
  { value: '-dateJoined', label: 'Newest accounts first' },
  { value: 'dateJoined', label: 'Oldest accounts first' },
  { value: '-lastLogin', label: 'Recently signed in' },
  { value: 'lastLogin', label: 'Longest without signing in' },
];

const LAST_LOGIN_OPTIONS = [
  { value: '', label: 'Any time' },
  { value: 'within-7-days', label: 'In the last 7 days' },
  { value: 'within-30-days', label: 'In the last 30 days' },
  { value: 'not-in-90-days', label: 'Not in the last 90 days' },
  { value: 'never', label: 'Never' },
];

function Filters(props: { filters: UserFilters; groups: readonly GroupSummary[]; errors: FieldErrors }) {
  const { filters, errors } = props;
  const select = (name: keyof UserFilters, label: string, options: { value: string; label: string }[]) => (
    <SelectField name={name} label={label} value={filters[name]} errors={errors} options={options} />
  );
  return (
    <form method="get" action="/admin/users" class="panel filters" role="search" aria-label="Search users">
      <div class="stack">
        <TextField
          name="q"
          label="Search"
          type="search"
          value={filters.q}
          errors={errors}
          hint="Username, e-mail or name"
        />
        {select('active', 'Active', ANY_YES_NO)}
        {select('staff', 'Staff', ANY_YES_NO)}
        {select('superuser', 'Superuser', ANY_YES_NO)}
        {select('group', 'Group', [
          { value: '', label: 'Any' },
          ...props.groups.map((g) => ({ value: String(g.id), label: g.name })),
        ])}
        {select('hasGrants', 'Has grants of their own', ANY_YES_NO)}
        {select('lastLogin', 'Last signed in', LAST_LOGIN_OPTIONS)}
        {select('sort', 'Sort', USER_SORT_OPTIONS)}
        <div class="actions">
          <button type="submit" class="primary">
            Filter
          </button>
          <a href="/admin/users">Clear</a>
        </div>
      </div>
    </form>
  );
}

export function Flags({ user }: { user: Pick<User, 'isActive' | 'isStaff' | 'isSuperuser'> }) {
  return (
    <span class="flags">
      {user.isActive ? null : <span class="badge badge-failed">inactive</span>}
      {user.isSuperuser ? <span class="badge badge-superuser">superuser</span> : null}
      {user.isStaff ? <span class="badge badge-staff">staff</span> : null}
    </span>
  );
}

export function UserListPage(props: {
  ctx: PageContext;
  filters: UserFilters;
  groups: readonly GroupSummary[];
  users: readonly (User & { groups: string[] })[] | null;
  errors: FieldErrors;
  message: string | null;
  links: PageLinks;
  /** Why the viewer may not add users, or null when it may. */
  addDenied: string | null;
}) {
  const { ctx, users } = props;
  return (
    <AdminPage ctx={ctx} title="Users">
      <div class="page-head">
        <h1>Users</h1>
        {props.addDenied === null ? (
          <a class="button primary" href="/admin/users/new">
            Add user
          </a>
        ) : (
          <Reason>Adding users: {props.addDenied}.</Reason>
        )}
      </div>
      <div class="list-layout">
        <Filters filters={props.filters} groups={props.groups} errors={props.errors} />
        <div>
          <FormError message={props.message} />
          {users === null ? null : users.length === 0 ? (
            <p class="panel">No user matches. Try fewer filters.</p>
          ) : (
            <div class="table-wrap" tabIndex={0}>
              <table>
                <caption class="visually-hidden">Users</caption>
                <thead>
                  <tr>
                    <th scope="col">Username</th>
                    <th scope="col">Name and e-mail</th>
                    <th scope="col">Groups</th>
                    <th scope="col" class="hide-narrow">
                      Last signed in
                    </th>
                    <th scope="col" class="hide-narrow">
                      Joined
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {users.map((u) => (
                    <tr key={u.id}>
                      <th scope="row">
                        <a href={`/admin/users/${u.id}`}>{u.username}</a> <Flags user={u} />
                      </th>
                      <td>
                        {u.fullName || <span class="muted">no name</span>}
                        <div class="muted">{u.email || 'no e-mail'}</div>
                      </td>
                      <td>{u.groups.length ? u.groups.join(', ') : <span class="muted">none</span>}</td>
                      <td class="hide-narrow">{u.lastLogin ? <Day value={u.lastLogin} /> : 'never'}</td>
                      <td class="hide-narrow">
                        <Day value={u.dateJoined} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <Pager links={props.links} />
        </div>
      </div>
    </AdminPage>
  );
}
