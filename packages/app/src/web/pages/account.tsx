import type { ApiToken } from '@batterydb/authz';
import { CsrfField, FormError, TextField } from '../forms/fields.tsx';
import type { FieldErrors } from '../forms/form-errors.ts';
import { Page } from '../layout/page.tsx';
import type { PageContext } from '../page-context.ts';
import { DateTime } from './format.tsx';

export interface AccountPageProps {
  ctx: PageContext;
  tokens: ApiToken[];
  /** The secret of a token just created: shown this once, never again. */
  newToken?: { name: string; token: string } | null;
  password?: { errors: FieldErrors; message: string | null };
  tokenForm?: { name: string; expiresAt: string; errors: FieldErrors; message: string | null };
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
          hint="At least 8 characters. Every other session of yours is signed out."
          errors={form?.errors}
          required
        />
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
        <div class="table-wrap">
          <table>
            <caption class="visually-hidden">Your API tokens</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Created</th>
                <th scope="col">Expires</th>
                <th scope="col">Last used</th>
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
        <button type="submit">Create token</button>
      </form>
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
    </Page>
  );
}
