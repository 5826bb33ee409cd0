import { deviceName } from './device-name.ts';
import type { ApiToken, SecondFactorStatus, SessionInfo } from '@batterydb/authz';
import { CsrfField, FormError, TextField } from '../forms/fields.tsx';
import { SCOPE_CHOICES } from '../forms/token-scope-form.ts';
import type { FieldErrors } from '../forms/form-errors.ts';
import { Page } from '../layout/page.tsx';
import type { PageContext } from '../page-context.ts';
import { DateTime } from './format.tsx';
import { tokenScopeText } from './token-scope-text.tsx';

export interface AccountPageProps {
  ctx: PageContext;
  tokens: ApiToken[];
  secondFactor: SecondFactorStatus;
  sessions: (SessionInfo & { current: boolean })[];
  /** The secret of a token just created: shown this once, never again. */
  newToken?: { name: string; token: string } | null;
  password?: { errors: FieldErrors; message: string | null };
  tokenForm?: {
    name: string;
    expiresAt: string;
    permissions?: string[];
    experiments?: string;
    errors: FieldErrors;
    message: string | null;
  };
}

function PasswordForm({ ctx, form }: { ctx: PageContext; form: AccountPageProps['password'] }) {
  return (
    <section aria-labelledby="password-heading">
      <h2 id="password-heading">Change password</h2>
      <form method="post" action="/account/password" class="stack">
        <CsrfField token={ctx.csrfToken} />
        <FormError message={form?.message} />
        <TextField
          name="currentPassword"
          label="Current password"
          type="password"
          autocomplete="current-password"
          errors={form?.errors}
          required
        />
        <TextField
          name="newPassword"
          label="New password"
          type="password"
          autocomplete="new-password"
          hint="8–128 characters, not a commonly used one. Your other sessions end; your API tokens too, unless you keep them."
          errors={form?.errors}
          required
        />
        <label class="check">
          <input type="checkbox" name="keepApiTokens" value="yes" /> Keep my API tokens working
        </label>
        <button type="submit">Change password</button>
      </form>
    </section>
  );
}

function Tokens({
  ctx,
  tokens,
  newToken,
  form,
}: {
  ctx: PageContext;
  tokens: ApiToken[];
  newToken: AccountPageProps['newToken'];
  form: AccountPageProps['tokenForm'];
}) {
  return (
    <section aria-labelledby="tokens-heading">
      <h2 id="tokens-heading">API tokens</h2>
      <p>
        For scripts: send <code>Authorization: Bearer TOKEN</code> with each request (see the{' '}
        <a href="/api-docs">API</a>).
      </p>
      {newToken ? (
        <div class="new-token" role="status">
          <p>
            Your new token <strong>{newToken.name}</strong>. Copy it now: it is shown only this once.
          </p>
          <label for="new-token-value">Token</label>
          <input id="new-token-value" class="token-value" readOnly value={newToken.token} />
        </div>
      ) : null}
      {tokens.length === 0 ? (
        <p>You have no API tokens.</p>
      ) : (
        <div class="table-wrap" tabIndex={0}>
          <table>
            <caption class="visually-hidden">Your API tokens</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Created</th>
                <th scope="col">Expires</th>
                <th scope="col">Last used</th>
                <th scope="col">Scope</th>
                <th scope="col">
                  <span class="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {tokens.map((t) => (
                <tr key={t.id}>
                  <td>{t.name}</td>
                  <td>
                    <DateTime value={t.createdAt} />
                  </td>
                  <td>{t.expiresAt ? <DateTime value={t.expiresAt} /> : 'never'}</td>
                  <td>{t.lastUsedAt ? <DateTime value={t.lastUsedAt} /> : 'never'}</td>
                  <td>{tokenScopeText(t.scope)}</td>
                  <td>
                    <form method="post" action={`/account/tokens/${t.id}/revoke`} class="inline-form">
                      <CsrfField token={ctx.csrfToken} />
                      <button type="submit" class="danger" aria-label={`Revoke token ${t.name}`}>
                        Revoke
                      </button>
                    </form>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <form method="post" action="/account/tokens" class="stack">
        <h3>New token</h3>
        <CsrfField token={ctx.csrfToken} />
        <FormError message={form?.message} />
        <TextField
          name="name"
          label="Name"
          value={form?.name}
          errors={form?.errors}
          hint="What the token is for, e.g. “nightly export”."
          required
          idPrefix="token"
        />
        <TextField
          name="expiresAt"
          label="Expires on (optional)"
          type="date"
          value={form?.expiresAt}
          errors={form?.errors}
          idPrefix="token"
        />
        <TokenScopeFields form={form} />
        <button type="submit">Create token</button>
      </form>
    </section>
  );
}

/**
 * Limit a new token (SPEC §5): tick what it may do, optionally on which experiments. Nothing
 * ticked is a token with all of your rights, as the hint says — the usual choice for a personal
 * script, the wrong one for a cycler PC's harvester.
 */
function TokenScopeFields({ form }: { form: AccountPageProps['tokenForm'] }) {
  const errors = form?.errors ?? {};
  const described = ['token-scope-hint', errors.permissions ? 'token-permissions-error' : null]
    .filter(Boolean)
    .join(' ');
  return (
    <fieldset aria-describedby={described}>
      <legend>What the token may do (optional)</legend>
      <p class="hint" id="token-scope-hint">
        Tick nothing for a token with all of your rights. A token for a shared computer (a cycler PC's
        harvester) should carry only what it needs, e.g. “Edit experiments and add files” on one experiment. A
        token never does more than you may.
      </p>
      {SCOPE_CHOICES.map((c) => (
        <label class="check" key={c.permission}>
          <input
            type="checkbox"
            name="permissions"
            value={c.permission}
            checked={form?.permissions?.includes(c.permission) ?? false}
          />{' '}
          {c.label}
        </label>
      ))}
      {errors.permissions ? (
        <p class="field-error" id="token-permissions-error">
          {errors.permissions}
        </p>
      ) : null}
      <TextField
        name="experiments"
        label="Only on experiments (optional)"
        value={form?.experiments}
        errors={form?.errors}
        hint="Experiment numbers separated by commas, e.g. 12, 15 (the number in the experiment's address). Empty: every experiment you may."
        idPrefix="token"
      />
    </fieldset>
  );
}

function Sessions({ ctx, sessions }: { ctx: PageContext; sessions: AccountPageProps['sessions'] }) {
  return (
    <section aria-labelledby="sessions-heading">
      <h2 id="sessions-heading">Where you are signed in</h2>
      <div class="table-wrap" tabIndex={0}>
        <table class="cards">
          <caption class="visually-hidden">Your sessions, most recently used first</caption>
          <thead>
            <tr>
              <th scope="col">Device</th>
              <th scope="col">Address</th>
              <th scope="col">Signed in</th>
              <th scope="col">Last used</th>
              <th scope="col">
                <span class="visually-hidden">End</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {sessions.map((s) => (
              <tr key={s.id}>
                <td class="title-cell">
                  {deviceName(s.userAgent)}
                  {s.current ? <strong> (this session)</strong> : null}
                  {s.userAgent ? <div class="muted user-agent">{s.userAgent}</div> : null}
                </td>
                <td data-label="Address">{s.clientAddress ?? '—'}</td>
                <td data-label="Signed in">
                  <DateTime value={s.createdAt} />
                </td>
                <td data-label="Last used">
                  <DateTime value={s.lastSeenAt} />
                </td>
                <td>
                  <form method="post" action={`/account/sessions/${s.id}/end`} class="inline-form">
                    <CsrfField token={ctx.csrfToken} />
                    <button
                      type="submit"
                      class="small danger"
                      aria-label={
                        s.current ? 'Sign out here' : `End the session from ${deviceName(s.userAgent)}`
                      }
                    >
                      {s.current ? 'Sign out here' : 'End'}
                    </button>
                  </form>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {sessions.some((s) => !s.current) ? (
        <form method="post" action="/account/sessions/end-others" class="actions">
          <CsrfField token={ctx.csrfToken} />
          <button type="submit">Sign out everywhere else</button>
        </form>
      ) : null}
    </section>
  );
}

export function AccountPage(props: AccountPageProps) {
  const { ctx } = props;
  const user = ctx.subject!.user;
  return (
    <Page ctx={ctx} title="Your account">
      <h1>Your account</h1>
      <p>
        Signed in as <strong>{user.username}</strong>
        {ctx.subject!.groups.length ? <> ({ctx.subject!.groups.map((g) => g.name).join(', ')})</> : null}.
      </p>
      <div class="columns">
        <PasswordForm ctx={ctx} form={props.password} />
        <Tokens ctx={ctx} tokens={props.tokens} newToken={props.newToken} form={props.tokenForm} />
      </div>
      <section aria-labelledby="two-factor-heading">
        <h2 id="two-factor-heading">Two-factor sign-in</h2>
        <p>
          {props.secondFactor.enrolled ? (
            <>
              On: signing in asks for a code from your app. Recovery codes left:{' '}
              {props.secondFactor.recoveryCodesLeft}.
            </>
          ) : (
            'Off: your password alone signs you in.'
          )}{' '}
          <a href="/account/two-factor">
            {props.secondFactor.enrolled ? 'Manage' : 'Set up'} two-factor sign-in
          </a>
        </p>
      </section>
      <Sessions ctx={ctx} sessions={props.sessions} />
    </Page>
  );
}
