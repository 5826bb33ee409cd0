import type { RefusalReason } from '@batterydb/authz';
import { CsrfField, FormError, TextField } from '../forms/fields.tsx';
import { Page } from '../layout/page.tsx';
import type { PageContext } from '../page-context.ts';

/** Why a provider sign-in was refused, in words a person can act on. */
export const REFUSAL_WORDS: Record<RefusalReason | 'flow', string> = {
  'email-missing': 'Your institution did not tell BatteryDB your e-mail address, so it cannot sign you in.',
  'email-unverified':
    'Your institution has not confirmed your e-mail address, so BatteryDB cannot sign you in with it.',
  'email-domain': 'People with an e-mail address of your domain may not sign in to this BatteryDB.',
  deactivated: 'Your BatteryDB account is deactivated. Ask the lab’s administrator to activate it again.',
  'email-ambiguous':
    'Several BatteryDB accounts have your e-mail address, so BatteryDB cannot tell which is yours. Ask the lab’s administrator.',
  flow: 'This sign-in could not be completed (it expired, was already used, or the answer from your institution did not check out). Start again from the sign-in page.',
};

export function OidcRefusedPage({ ctx, label, words }: { ctx: PageContext; label: string; words: string }) {
  return (
    <Page ctx={ctx} title="Sign-in refused">
      <section class="narrow">
        <h1>Sign-in with {label} refused</h1>
        <p>{words}</p>
        <p>
          <a href="/sign-in">Back to the sign-in page</a>
        </p>
      </section>
    </Page>
  );
}

/**
 * An account with the same e-mail exists: the person proves it is theirs with its password
 * before the provider's identity is linked to it (never linked silently by e-mail).
 */
export function OidcLinkPage({
  ctx,
  label,
  username,
  error,
}: {
  ctx: PageContext;
  label: string;
  username: string;
  error?: string | null;
}) {
  return (
    <Page ctx={ctx} title="Link your account">
      <section class="narrow">
        <h1>Link your {label} sign-in</h1>
        <p>
          A BatteryDB account with your e-mail address already exists: <strong>{username}</strong>. Enter its
          password to sign in with {label} from now on.
        </p>
        <form method="post" action="/sign-in/oidc/link" class="stack">
          <CsrfField token={ctx.csrfToken} />
          <FormError message={error} />
          <TextField
            name="password"
            label="Password"
            type="password"
            autocomplete="current-password"
            required
            autoFocus
          />
          <button type="submit" class="primary">
            Link and sign in
          </button>
        </form>
        <p>
          Not your account? <a href="/sign-in">Back to the sign-in page</a>
        </p>
      </section>
    </Page>
  );
}
