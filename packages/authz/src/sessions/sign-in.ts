import type { AuthzContext } from '../context.ts';
import { beginAttempt, forgiveAttempt, type ThrottleScope } from '../throttle/login-throttle.ts';
import { authenticate } from '../users/authenticate.ts';
import { type User, usernameKey } from '../users/user.ts';
import type { NewSession } from './create-session.ts';
import { type FactorChallenge, sessionAfterFirstFactor } from './factor-sign-in.ts';
import { recordFailure } from './record-failure.ts';
import { withTransaction } from './with-transaction.ts';
import type { SignInPolicies } from './sign-in-policies.ts';

/**
 * What a sign-in came to. `invalid` covers unknown user, wrong password and inactive user
 * alike — callers must answer all three the same way (no account enumeration). `second-factor`:
 * the password was right and the account has a second factor, so there is no session yet,
 * only a challenge for `completeSignIn` (a caller that does not know this case refuses the
 * sign-in, which is the safe way round).
 */
export type { SignInPolicies };

export type SignInResult =
  | { ok: true; user: User; session: NewSession }
  | { ok: false; reason: 'second-factor'; user: User; challenge: FactorChallenge }
  | { ok: false; reason: 'invalid' }
  | { ok: false; reason: 'throttled'; retryAfterMs: number; scope: ThrottleScope };

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
