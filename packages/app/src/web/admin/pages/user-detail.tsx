import type { ApiToken, Decision, SecondFactorStatus, User } from '@batterydb/authz';
import { UserTokensSection } from './user-tokens.tsx';
import { type LinkedIdentity, UserIdentitiesSection } from './user-identities.tsx';
import type { AccountControls, GroupControl, PermissionControl } from '../../../accounts/account-controls.ts';
import { CsrfField, FormError, TextField } from '../../forms/fields.tsx';
import type { PageContext } from '../../page-context.ts';
import { Day } from '../../pages/format.tsx';
import { AdminPage, Reason } from '../admin-layout.tsx';
import { denial, modelHeading, permName, sharedReason } from '../admin-words.ts';
import { Flags } from './user-list.tsx';
import { SecondFactorSection } from './user-second-factor.tsx';
import { Denied, failureOf, type UserPageFailure, type UserSection } from './user-page-parts.tsx';

export type { UserPageFailure, UserSection };

function AccountSection(props: {
  user: User;
  c: AccountControls;
  failure: UserPageFailure | null;
  quiet: boolean;
}) {
  const { user, c, quiet } = props;
  const failure = failureOf(props.failure, 'account');
  const values = failure?.values ?? { fullName: user.fullName, email: user.email, flags: {} };
  const flags = (['isStaff', 'isSuperuser'] as const).filter((f) => c[f].allowed);
  const flagLabel = {
    isStaff: 'Staff (may use the admin site)',
    isSuperuser: 'Superuser (every permission)',
  };
  if (!c.profile.allowed)
    return (
      <section aria-labelledby="account-heading">
        <h2 id="account-heading">Account</h2>
        <dl class="meta">
          <div>
            <dt>Name</dt>
            <dd>{user.fullName || '—'}</dd>
          </div>
          <div>
            <dt>E-mail</dt>
            <dd>{user.email || '—'}</dd>
          </div>
          <div>
            <dt>Staff</dt>
            <dd>{user.isStaff ? 'yes' : 'no'}</dd>
          </div>
          <div>
            <dt>Superuser</dt>
            <dd>{user.isSuperuser ? 'yes' : 'no'}</dd>
          </div>
        </dl>
        {quiet ? null : <Denied decision={c.profile} what="Changing the account" />}
      </section>
    );
  return (
    <section aria-labelledby="account-heading">
      <h2 id="account-heading">Account</h2>
      <div class="stack">
        <TextField
          name="fullName"
          label="Name"
          value={values.fullName}
          errors={failure?.fields}
          maxLength={150}
        />
        <TextField name="email" label="E-mail" value={values.email} errors={failure?.fields} />
        <fieldset>
          <legend>Flags</legend>
          {flags.map((f) => (
            <label class="check" key={f}>
              <input type="hidden" name="_flags" value={f} />
              <input type="checkbox" name={f} value="yes" checked={values.flags[f] ?? user[f]} />{' '}
              {flagLabel[f]}
            </label>
          ))}
          {(['isStaff', 'isSuperuser'] as const)
            .filter((f) => !c[f].allowed)
            .map((f) => (
              <p class="check check-disabled" key={f}>
                {flagLabel[f]}: {user[f] ? 'yes' : 'no'} — {denial(c[f])}
              </p>
            ))}
        </fieldset>
      </div>
    </section>
  );
}

function SignInSection(props: {
  ctx: PageContext;
  user: User;
  c: AccountControls;
  failure: UserPageFailure | null;
  quiet: boolean;
}) {
  const { ctx, user, c, quiet } = props;
  const password = failureOf(props.failure, 'password');
  const activation = failureOf(props.failure, 'activation');
  return (
    <section aria-labelledby="sign-in-heading">
      <h2 id="sign-in-heading">Sign-in</h2>
      <p>
        {user.isActive
          ? 'Active: may sign in.'
          : 'Inactive: may not sign in; their sessions and API tokens have ended.'}{' '}
        {user.hasUsablePassword ? 'Has a password.' : 'Has no usable password.'}
      </p>
      <FormError message={activation?.detail} />
      {c.activation.allowed ? (
        <form
          method="post"
          action={`/admin/users/${user.id}/${user.isActive ? 'deactivate' : 'reactivate'}`}
          class="actions"
        >
          <CsrfField token={ctx.csrfToken} />
          <button type="submit" class={user.isActive ? 'danger' : 'primary'}>
            {user.isActive ? 'Deactivate' : 'Reactivate'}
          </button>
          <span class="hint">
            {user.isActive
              ? 'Ends their sessions and API tokens for good.'
              : 'They may sign in again; no old session or token comes back.'}
          </span>
        </form>
      ) : quiet ? null : (
        <Denied decision={c.activation} what={user.isActive ? 'Deactivating' : 'Reactivating'} />
      )}
      {c.password.allowed ? (
        <form method="post" action={`/admin/users/${user.id}/password`} class="stack">
          <CsrfField token={ctx.csrfToken} />
          <FormError message={password?.message} />
          <TextField
            name="password"
            label="New password"
            type="password"
            errors={password?.fields}
            autocomplete="new-password"
            hint="Ends all their sessions and API tokens. 8–128 characters, not commonly breached, not like their username, name or e-mail."
          />
          <label class="check">
            <input type="checkbox" name="unusable" value="yes" /> Instead, leave no usable password (they
            cannot sign in until one is set)
          </label>
          <button type="submit">Set password</button>
        </form>
      ) : quiet ? null : (
        <Denied decision={c.password} what="Setting the password" />
      )}
    </section>
  );
}

function GroupsSection(props: {
  groups: readonly GroupControl[];
  failure: UserPageFailure | null;
  quiet: boolean;
}) {
  const { groups, quiet } = props;
  const typed = props.failure?.values?.groups;
  const shared = sharedReason(groups.map((g) => g.decision));
  return (
    <section aria-labelledby="groups-heading">
      <h2 id="groups-heading">Groups</h2>
      {groups.length === 0 ? <p class="muted">There are no groups yet.</p> : null}
      {shared !== null && !quiet ? <Reason>Changing groups: {shared}.</Reason> : null}
      <div class="stack">
        <ul class="check-list">
          {groups.map((g) =>
            g.decision.allowed ? (
              <li key={g.id}>
                <label class="check">
                  <input type="hidden" name="_groupsShown" value={String(g.id)} />
                  <input
                    type="checkbox"
                    name="groups"
                    value={String(g.id)}
                    checked={typed ? typed.includes(g.id) : g.member}
                  />{' '}
                  {g.name}
                </label>
              </li>
            ) : (
              <li key={g.id} class="check-disabled">
                <span class={g.member ? 'member' : 'not-member'}>{g.member ? '✓' : '–'}</span> {g.name}
                {shared === null ? <span class="reason-inline"> — {denial(g.decision)}</span> : null}
              </li>
            ),
          )}
        </ul>
      </div>
    </section>
  );
}

function PermissionsSection(props: {
  user: User;
  permissions: readonly PermissionControl[];
  failure: UserPageFailure | null;
  quiet: boolean;
}) {
  const { user, permissions, quiet } = props;
  const typed = props.failure?.values?.permissions;
  const shared = sharedReason(permissions.map((p) => p.decision));
  // "You may not grant X, which you do not hold" on every greyed box says one thing many
  // times: it is said once, and the box keeps its own words as a tooltip.
  const notHeld = (d: Decision) => !d.allowed && d.reason === 'permission-not-held';
  const someNotHeld = shared === null && permissions.some((p) => notHeld(p.decision));
  const models = [...new Set(permissions.map((p) => p.model))];
  return (
    <section aria-labelledby="permissions-heading">
      <h2 id="permissions-heading">Permissions of their own</h2>
      <p class="hint">
        Besides those of their groups. See{' '}
        <a href={`/admin/users/${user.id}/access`}>what {user.username} can do</a> for everything they hold
        and why.
      </p>
      {shared !== null && !quiet ? <Reason>Changing their permissions: {shared}.</Reason> : null}
      {someNotHeld && !quiet ? (
        <Reason>Greyed out: permissions you do not hold yourself, which you may not give.</Reason>
      ) : null}
      <div class="stack">
        <div class="perm-grid">
          {models.map((model) => (
            <fieldset key={model}>
              <legend>{modelHeading(model)}</legend>
              {permissions
                .filter((p) => p.model === model)
                .map((p) =>
                  p.decision.allowed ? (
                    <label class="check" key={p.perm}>
                      <input type="hidden" name="_permissionsShown" value={p.perm} />
                      <input
                        type="checkbox"
                        name="permissions"
                        value={p.perm}
                        checked={typed ? typed.includes(p.perm) : p.own}
                      />{' '}
                      {permName(p.name)}
                    </label>
                  ) : (
                    <p class="check check-disabled" key={p.perm} title={denial(p.decision) ?? ''}>
                      <span class={p.own ? 'member' : 'not-member'}>{p.own ? '✓' : '–'}</span>{' '}
                      {permName(p.name)}
                      {shared === null && !notHeld(p.decision) ? (
                        <span class="reason-inline"> — {denial(p.decision)}</span>
                      ) : null}
                    </p>
                  ),
                )}
            </fieldset>
          ))}
        </div>
      </div>
    </section>
  );
}

/**
 * The account, groups and own permissions in one form with one Save (Django admin's "Save"
 * and "Save and continue editing"): whatever was typed in one part is saved with the rest, never
 * lost by saving another part. Without any control the viewer may use, the parts are shown as
 * text and there is no form.
 */
function UserForm(props: {
  ctx: PageContext;
  user: User;
  c: AccountControls;
  failure: UserPageFailure | null;
  quiet: boolean;
}) {
  const { ctx, user, c, failure, quiet } = props;
  const editable =
    c.profile.allowed ||
    c.groups.some((g) => g.decision.allowed) ||
    c.permissions.some((p) => p.decision.allowed);
  const parts = (
    <>
      <AccountSection user={user} c={c} failure={failure} quiet={quiet} />
      <GroupsSection groups={c.groups} failure={failure} quiet={quiet} />
      <PermissionsSection user={user} permissions={c.permissions} failure={failure} quiet={quiet} />
    </>
  );
  if (!editable) return <div class="stack">{parts}</div>;
  return (
    <form method="post" action={`/admin/users/${user.id}`} class="stack" data-guard="unsaved">
      <CsrfField token={ctx.csrfToken} />
      <FormError message={failureOf(failure, 'account')?.message} />
      {parts}
      <div class="actions save-bar">
        <button type="submit" name="_save" value="exit" class="primary">
          Save
        </button>
        <button type="submit" name="_save" value="continue">
          Save and continue editing
        </button>
        <a href="/admin/users">Cancel</a>
      </div>
    </form>
  );
}

/**
 * One user, Django's change form done safely: every field the viewer may change for this
 * account is a control; every other one is shown as text with the policy's reason. When one
 * reason closes the whole page (no auth.change_user, a more privileged account), it is said once.
 */
export function UserDetailPage(props: {
  ctx: PageContext;
  user: User;
  controls: AccountControls;
  failure: UserPageFailure | null;
  tokens: readonly ApiToken[];
  secondFactor: SecondFactorStatus;
  identities: readonly LinkedIdentity[];
}) {
  const { ctx, user, controls: c, failure } = props;
  const closed = c.whole.allowed ? null : c.whole.message;
  return (
    <AdminPage
      ctx={ctx}
      title={user.username}
      crumbs={[{ href: '/admin/users', label: 'Users' }]}
      scripts={['unsaved.js']}
    >
      <div class="page-head">
        <h1>
          {user.username} <Flags user={user} />
        </h1>
        <a class="button" href={`/admin/users/${user.id}/access`}>
          What can {user.username} do?
        </a>
      </div>
      <p class="muted">
        {user.fullName ? `${user.fullName} · ` : ''}joined <Day value={user.dateJoined} /> · last signed in{' '}
        {user.lastLogin ? <Day value={user.lastLogin} /> : 'never'} ·{' '}
        <a href={`/admin/audit?targetType=auth.user&target=${encodeURIComponent(user.username)}`}>history</a>
      </p>
      {closed !== null ? (
        <p class="notice" role="note">
          You may look at this account but not change it: {closed}.
        </p>
      ) : null}
      <UserForm ctx={ctx} user={user} c={c} failure={failure} quiet={closed !== null} />
      <SignInSection ctx={ctx} user={user} c={c} failure={failure} quiet={closed !== null} />
      <SecondFactorSection
        ctx={ctx}
        user={user}
        status={props.secondFactor}
        decision={c.secondFactor}
        failure={failure}
        quiet={closed !== null}
      />
      <UserIdentitiesSection identities={props.identities} />
      <UserTokensSection ctx={ctx} userId={user.id} tokens={props.tokens} revoke={c.whole} />
    </AdminPage>
  );
}
