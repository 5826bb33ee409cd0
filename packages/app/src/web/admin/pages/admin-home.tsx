import type { AdminObjectModel } from '../../../admin/object-models.ts';
import type { PageContext } from '../../page-context.ts';
import { AdminPage, ADMIN_SECTIONS } from '../admin-layout.tsx';

const ABOUT: Record<string, string> = {
  '/admin/users': 'Find, add and change accounts; their groups and permissions; what each can do and why.',
  '/admin/groups': 'The declared roles and your own groups, with their members and permissions.',
  '/admin/audit': 'Who changed what, when: accounts, groups, grants, publication, uploads, sign-in failures.',
};

/** The admin site's front page: its sections (those the viewer may use) and the object-permissions lookup. */
export function AdminHomePage(props: { ctx: PageContext; models: readonly AdminObjectModel[] }) {
  const { ctx } = props;
  const sections = ADMIN_SECTIONS.filter((s) => s.visible(ctx));
  return (
    <AdminPage ctx={ctx} title="Admin">
      <h1>Admin</h1>
      {sections.length === 0 ? (
        <p class="notice">
          You are staff, but hold none of the permissions the admin's pages need (auth.view_user,
          auth.view_group).
        </p>
      ) : null}
      <div class="columns">
        {sections.map((s) => (
          <section key={s.href}>
            <h2>
              <a href={s.href}>{s.label}</a>
            </h2>
            <p>{ABOUT[s.href]}</p>
          </section>
        ))}
        {props.models.map((m) => (
          <section key={m.path}>
            <h2>Object permissions</h2>
            <form method="get" action={`/admin/${m.path}/permissions`} class="inline-fields">
              <div class="field">
                <label for={`object-${m.path}`}>Who may do what with {m.label} no.</label>
                <input id={`object-${m.path}`} name="id" inputMode="numeric" pattern="[0-9]+" required />
              </div>
              <button type="submit">Show</button>
            </form>
            <p class="hint">
              Also linked from each {m.label} on “what can this user do”. Needs the permission to change it.
            </p>
          </section>
        ))}
      </div>
    </AdminPage>
  );
}
