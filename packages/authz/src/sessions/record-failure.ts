import { recordAudit } from '../audit/record-audit.ts';
import type { AuthzContext } from '../context.ts';
import { type AttemptTicket, failedAttempt } from '../throttle/login-throttle.ts';
import type { ThrottlePolicy } from '../throttle/throttle-policy.ts';

/**
 * Records a failed password check (sign-in or password change) and, when it made a limit take
 * effect, the throttling too (SPEC §5: both are audit-worthy). The actor is unknown; the target
 * is the account when the typed name is one.
 */
export async function recordFailure(
  ctx: AuthzContext,
  ticket: AttemptTicket,
  policy: ThrottlePolicy,
  clientAddress: string | null,
  during: 'sign-in' | 'password-change' | 'second-factor',
): Promise<void> {
  const reached = await failedAttempt(ctx, ticket, policy);
  const target = { type: 'auth.user', id: ticket.userId };
  await recordAudit(ctx, {
    actorId: null,
    action: 'auth.sign_in_failed',
    target,
    before: null,
    after: { during, knownAddress: ticket.known },
    clientAddress,
  });
  for (const scope of reached)
    await recordAudit(ctx, {
      actorId: null,
      action: 'auth.throttled',
      target,
      before: null,
      after: {
        scope,
        address: scope === 'account' ? null : ticket.address,
        rule:
          scope === 'account'
            ? `failures from unknown addresses now wait ${policy.accountBaseDelayMs} ms, doubling up to ${policy.accountMaxDelayMs} ms`
            : `locked for up to ${policy.windowMs} ms`,
      },
      clientAddress,
    });
}
