import { recordAudit } from '../audit/record-audit.ts';
import type { AuthzContext } from '../context.ts';
import {
  type AttemptTicket,
  beginAttempt,
  failedAttempt,
  forgiveAttempt,
  type ThrottleScope,
} from '../throttle/login-throttle.ts';
import type { ThrottlePolicy } from '../throttle/throttle-policy.ts';
import { authenticate } from '../users/authenticate.ts';
import { type User, usernameKey } from '../users/user.ts';
import type { NewSession } from './create-session.ts';
import { type FactorChallenge, sessionAfterFirstFactor } from './factor-sign-in.ts';
import { withTransaction } from './with-transaction.ts';
import type { SessionPolicy } from './session-policy.ts';

export interface SignInPolicies {
  readonly session: SessionPolicy;
  readonly throttle: ThrottlePolicy;
}

/**
 * What a sign-in came to. `invalid` covers unknown user, wrong password and inactive user
 * alike — callers must answer all three the same way (no account enumeration). `second-factor`:
 * the password was right and the account has a second factor, so there is no session yet,
 * only a challenge for `completeSignIn` (a caller that does not know this case refuses the
 * sign-in, which is the safe way round).
 */
export type SignInResult =
  | { ok: true; user: User; session: NewSession }
  | { ok: false; reason: 'second-factor'; user: User; challenge: FactorChallenge }
  | { ok: false; reason: 'invalid' }
  | { ok: false; reason: 'throttled'; retryAfterMs: number; scope: ThrottleScope };

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

/**
 * Throttle, then check the password (exactly one hash computation whatever the failure, see
 * `authenticate`), then start a new session. A throttled attempt computes no hash at all.
 *
 * @example
 * const result = await authz.signIn({ username, password, clientAddress: request.ip, userAgent }, policies);
 * if (result.ok) setCookie(result.session.token);
 */
export async function signIn(
  ctx: AuthzContext,
  input: { username: string; password: string; clientAddress: string | null; userAgent?: string | null },
  policies: SignInPolicies,
): Promise<SignInResult> {
  const gate = await beginAttempt(
    ctx,
    { account: usernameKey(input.username), address: input.clientAddress },
    policies.throttle,
  );
  if (!gate.ok) return { ok: false, reason: 'throttled', retryAfterMs: gate.retryAfterMs, scope: gate.scope };
  const result = await authenticate(ctx, input.username, input.password);
  // The bookkeeping after the check, each outcome in one transaction: the attempt settled, the
  // throttling rows and the audit entry (or the session) commit together or not at all.
  if (!result.ok) {
    await withTransaction(ctx, (tx) =>
      recordFailure(tx, gate.ticket, policies.throttle, input.clientAddress, 'sign-in'),
    );
    return { ok: false, reason: 'invalid' };
  }
  const next = await withTransaction(ctx, async (tx) => {
    await forgiveAttempt(tx, gate.ticket, result.user.id, policies.throttle);
    return sessionAfterFirstFactor(tx, result.user.id, policies.session, {
      address: input.clientAddress,
      userAgent: input.userAgent ?? null,
    });
  });
  if (next.kind === 'second-factor')
    return { ok: false, reason: 'second-factor', user: result.user, challenge: next.challenge };
  return { ok: true, user: result.user, session: next.session };
}
