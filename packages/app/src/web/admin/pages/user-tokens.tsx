import type { ApiToken } from '@batterydb/authz';
import { DateTime } from '../../pages/format.tsx';
import { tokenScopeText } from '../../pages/token-scope-text.tsx';

/** The account's API tokens with their scopes (SPEC §5: staff can see what each token may do). */
export function UserTokensSection({ tokens }: { tokens: readonly ApiToken[] }) {
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
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
