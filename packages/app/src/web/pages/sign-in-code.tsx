import { CsrfField, FormError, TextField } from '../forms/fields.tsx';
import { Page } from '../layout/page.tsx';
import type { PageContext } from '../page-context.ts';

/** The second step of signing in (issue 27): the code from the authenticator app, or a recovery code. */
export function SignInCodePage({
  ctx,
  next,
  error,
}: {
  ctx: PageContext;
  next: string;
  error?: string | null;
}) {
  return (
    <Page ctx={ctx} title="Two-factor sign-in">
      <section class="narrow">
        <h1>Enter your code</h1>
        <p>One more step: open your authenticator app and type the 6-digit code it shows for BatteryDB.</p>
        <form method="post" action="/sign-in/code" class="stack">
          <CsrfField token={ctx.csrfToken} />
          <input type="hidden" name="next" value={next} />
          <FormError message={error} />
          <TextField
            name="code"
            label="Code"
            autocomplete="one-time-code"
            hint="6 digits, or one of your recovery codes (each works once)."
            maxLength={64}
            required
            autoFocus
          />
          <button type="submit" class="primary">
            Sign in
          </button>
        </form>
        <p>
          Not you, or lost your phone and your recovery codes? <a href="/sign-in">Start again</a>, or ask
          staff to remove your second factor.
        </p>
      </section>
    </Page>
  );
}
