import type { User } from '@batterydb/authz';
import type { ObjectAccessPage, ModelPermissionLine } from '../../../admin/find-user-access.ts';
import type { AdminObjectModel } from '../../../admin/object-models.ts';
import { FormError } from '../../forms/fields.tsx';
import type { PageContext } from '../../page-context.ts';
import { AdminPage } from '../admin-layout.tsx';
import { explanationWords, modelSourceWords, permWords } from '../../../admin/explain-words.ts';
import { Flags } from './user-list.tsx';
import { Pager } from '../../layout/pager.tsx';

function ModelPermissions({ user, lines }: { user: User; lines: readonly ModelPermissionLine[] }) {
  return (
    <section aria-labelledby="model-heading">
      <h2 id="model-heading">Model permissions</h2>
      <p class="hint">
        A model permission counts on every object of its model.{' '}
        {user.isActive
          ? ''
          : 'The account is inactive: it holds these, but may use none until it is reactivated.'}
      </p>
      {lines.length === 0 ? (
        <p>None: {user.username} may do only what rules and grants give them on single objects.</p>
      ) : (
        <div class="table-wrap" tabIndex={0}>
          <table>
            <caption class="visually-hidden">Model permissions and where they come from</caption>
            <thead>
              <tr>
                <th scope="col">Permission</th>
                <th scope="col">From</th>
              </tr>
            </thead>
            <tbody>
              {lines.map((l) => (
                <tr key={l.perm}>
                  <th scope="row">
                    {l.name} <code class="muted">{l.perm}</code>
                  </th>
                  <td>{l.sources.map(modelSourceWords).join('; ')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

/** "What can this user do?" — model permissions and their sources, and a page of objects with every decision explained. */
export function UserAccessPage(props: {
  ctx: PageContext;
  user: User;
  lines: readonly ModelPermissionLine[];
  model: AdminObjectModel;
  models: readonly AdminObjectModel[];
  perms: readonly string[];
  perm: string;
  page: ObjectAccessPage | null;
  message: string | null;
  nextHref: string | null;
  firstHref: string | null;
}) {
  const { ctx, user, model, page } = props;
  return (
    <AdminPage
      ctx={ctx}
      title={`What can ${user.username} do?`}
      crumbs={[
        { href: '/admin/users', label: 'Users' },
        { href: `/admin/users/${user.id}`, label: user.username },
      ]}
    >
      <h1>
        What can {user.username} do? <Flags user={user} />
      </h1>
      <ModelPermissions user={user} lines={props.lines} />
      <section aria-labelledby="objects-heading">
        <h2 id="objects-heading">{model.plural[0]!.toUpperCase() + model.plural.slice(1)}</h2>
        <form method="get" action={`/admin/users/${user.id}/access`} class="actions">
          {props.models.length > 1 ? (
            <select name="model" aria-label="Model">
              {props.models.map((m) => (
                <option key={m.path} value={m.path} selected={m === model}>
                  {m.plural}
                </option>
              ))}
            </select>
          ) : null}
          <label for="f-perm">Those {user.username} may</label>
          <select id="f-perm" name="perm" class="inline-select">
            {props.perms.map((p) => (
              <option key={p} value={p} selected={p === props.perm}>
                {permWords(p, model.policy.model.name)}
              </option>
            ))}
          </select>
          <button type="submit">Show</button>
        </form>
        <p class="hint">
          Newest first. Only {model.plural} you may view yourself are listed. Each shows every permission{' '}
          {user.username} holds on it and why: a rule (e.g. the owner’s), a role, a grant to them or to one of
          their groups and when it ends — or why not.
        </p>
        <FormError message={props.message} />
        {page === null ? null : page.items.length === 0 ? (
          <p class="panel">None{user.isActive ? '' : ' (the account is inactive)'}.</p>
        ) : (
          <div class="table-wrap" tabIndex={0}>
            <table>
              <caption class="visually-hidden">
                {model.plural} and what {user.username} may do with each
              </caption>
              <thead>
                <tr>
                  <th scope="col">{model.label[0]!.toUpperCase() + model.label.slice(1)}</th>
                  {props.perms.map((p) => (
                    <th scope="col" key={p}>
                      {permWords(p, model.policy.model.name)}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {page.items.map((item) => (
                  <tr key={item.row.id}>
                    <th scope="row">
                      <a href={model.href(item.row.id)}>{model.title(item.row)}</a>
                      <div class="muted">
                        no. {item.row.id} · {model.detail(item.row)} ·{' '}
                        <a href={`/admin/${model.path}/${item.row.id}/permissions`}>object permissions</a>
                      </div>
                    </th>
                    {item.perms.map(({ perm, explanation }) => {
                      const { allowed, words } = explanationWords(explanation);
                      return (
                        <td key={perm} class={allowed ? 'decision-yes' : 'decision-no'}>
                          <strong>{allowed ? 'yes' : 'no'}</strong>
                          {allowed
                            ? ` — ${words}`
                            : words === 'no'
                              ? null
                              : ` — ${words.replace(/^no: /, '')}`}
                        </td>
                      );
                    })}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <Pager firstHref={props.firstHref} nextHref={props.nextHref} />
      </section>
    </AdminPage>
  );
}
