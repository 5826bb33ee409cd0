import type { ApiToken, Decision } from '@batterydb/authz';
import { CsrfField } from '../../forms/fields.tsx';
import type { PageContext } from '../../page-context.ts';
import { DateTime } from '../../pages/format.tsx';
import { tokenScopeText } from '../../pages/token-scope-text.tsx';

/**
 * The account's API tokens with their scopes (SPEC §5: staff can see what each token may do), and
 * a Revoke button each for staff who may change the account (`revoke`: SPEC §4's decision on the
 * whole account; the server decides again).
 */
export function UserTokensSection({
  ctx,
  userId,
  tokens,
  revoke,
}: {
  ctx: PageContext;
  userId: number;
  tokens: readonly ApiToken[];
  revoke: Decision;
}) {
  return (
    <section aria-labelledby="tokens-heading">
      <h2 id="tokens-heading">API tokens</h2>
      {tokens.length === 0 ? (
        <p>None.</p>
      ) : (
        <ul>
          {tokens.map((t) => (
            <li key={t.id}>
              <strong>{t.name}</strong>: {tokenScopeText(t.scope)}; last used{' '}
              {t.lastUsedAt ? <DateTime value={t.lastUsedAt} /> : 'never'}
              {revoke.allowed ? (
                <form
                  method="post"
                  action={`/admin/users/${userId}/tokens/${t.id}/revoke`}
                  class="inline-form"
                >
                  <CsrfField token={ctx.csrfToken} />{' '}
                  <button type="submit" class="danger small" aria-label={`Revoke the token ${t.name}`}>
                    Revoke
                  </button>
                </form>
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
