import type { Decision, SecondFactorStatus, User } from '@batterydb/authz';
import { CsrfField, FormError } from '../../forms/fields.tsx';
import type { PageContext } from '../../page-context.ts';
import { DateTime } from '../../pages/format.tsx';
import { Denied, failureOf, type UserPageFailure } from './user-page-parts.tsx';

/**
 * The account's second factor on the admin's user page (issue 27): its state, and Remove only
 * when the policy allows it (`mayRemoveSecondFactor`: the password-reset rule of SPEC §4).
 */
export function SecondFactorSection(props: {
  ctx: PageContext;
  user: User;
  status: SecondFactorStatus;
  decision: Decision;
  failure: UserPageFailure | null;
  quiet: boolean;
}) {
  const { ctx, user, status, decision } = props;
  const failure = failureOf(props.failure, 'secondFactor');
  return (
    <section aria-labelledby="second-factor-heading">
      <h2 id="second-factor-heading">Two-factor sign-in</h2>
      <p>
        {status.enrolled ? (
          <>
            Enrolled since <DateTime value={status.confirmedAt!} />; recovery codes left:{' '}
            {status.recoveryCodesLeft}.
          </>
        ) : status.pending ? (
          'Not enrolled (set-up begun, not confirmed).'
        ) : (
          'Not enrolled.'
        )}
      </p>
      <FormError message={failure?.detail} />
      {!status.enrolled ? null : decision.allowed ? (
        <form method="post" action={`/admin/users/${user.id}/two-factor/remove`} class="actions">
          <CsrfField token={ctx.csrfToken} />
          <button type="submit" class="danger">
            Remove second factor
          </button>
          <span class="hint">
            For someone who lost their phone and recovery codes: their password alone signs them in again.
          </span>
        </form>
      ) : props.quiet ? null : (
        <Denied decision={decision} what="Removing the second factor" />
      )}
    </section>
  );
}
