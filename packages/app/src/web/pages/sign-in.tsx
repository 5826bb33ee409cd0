import { CsrfField, FormError, TextField } from '../forms/fields.tsx';
import { Page } from '../layout/page.tsx';
import type { PageContext } from '../page-context.ts';

export function SignInPage({
  ctx,
  next,
  username = '',
  error,
  oidcLabel = null,
}: {
  ctx: PageContext;
  next: string;
  username?: string;
  error?: string | null;
  /** The institution of the configured OpenID Provider (issue 27); null: no such button. */
  oidcLabel?: string | null;
}) {
  return (
    <Page ctx={ctx} title="Sign in">
      <section class="narrow">
        <h1>Sign in to BatteryDB</h1>
        <p class="lede">
          BatteryDB is your lab’s database of battery cycling experiments: upload what your cyclers measured,
          keep it private while you work, share it with colleagues, plot capacity and voltage curves, and
          publish it for the lab to search and compare.
        </p>
        <form method="post" action="/sign-in" class="stack">
          <CsrfField token={ctx.csrfToken} />
          <input type="hidden" name="next" value={next} />
          <FormError message={error} />
          <TextField
            name="username"
            label="Username"
            value={username}
            autocomplete="username"
            required
            autoFocus
          />
          <TextField
            name="password"
            label="Password"
            type="password"
            autocomplete="current-password"
            required
          />
          <button type="submit" class="primary">
            Sign in
          </button>
        </form>
        {oidcLabel ? (
          <p>
            <a class="button" href={`/sign-in/oidc?next=${encodeURIComponent(next)}`}>
              Sign in with {oidcLabel}
            </a>
          </p>
        ) : null}
        {ctx.anonymousRead ? (
          <p>
            Or <a href="/experiments">browse the public experiments</a> without an account.
          </p>
        ) : null}
      </section>
    </Page>
  );
}
