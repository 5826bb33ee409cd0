import type { AuthzContext } from '../context.ts';
import { beginAttempt, forgiveAttempt } from '../throttle/login-throttle.ts';
import type { ThrottlePolicy } from '../throttle/throttle-policy.ts';
import { authenticate } from '../users/authenticate.ts';
import { type User, usernameKey } from '../users/user.ts';
import { createSession, type NewSession } from './create-session.ts';
import type { SessionPolicy } from './session-policy.ts';

export interface SignInPolicies {
  readonly session: SessionPolicy;
  readonly throttle: ThrottlePolicy;
}

/**
 * What a sign-in came to. `invalid` covers unknown user, wrong password and inactive user
 * alike — callers must answer all three the same way (no account enumeration).
 */
export type SignInResult =
  | { ok: true; user: User; session: NewSession }
  | { ok: false; reason: 'invalid' }
  | { ok: false; reason: 'throttled'; retryAfterMs: number };

/**
 * Throttle, then check the password (exactly one hash computation whatever the failure, see
 * `authenticate`), then start a new session. A throttled attempt computes no hash at all.
 *
 * @example
 * const result = await authz.signIn({ username, password, clientAddress: request.ip }, policies);
 * if (result.ok) setCookie(result.session.token);
 */
export async function signIn(
  ctx: AuthzContext,
  input: { username: string; password: string; clientAddress: string | null },
  policies: SignInPolicies,
): Promise<SignInResult> {
  const gate = await beginAttempt(
    ctx,
    { account: usernameKey(input.username), address: input.clientAddress },
    policies.throttle,
  );
  if (!gate.ok) return { ok: false, reason: 'throttled', retryAfterMs: gate.retryAfterMs };
  const result = await authenticate(ctx, input.username, input.password);
  if (!result.ok) return { ok: false, reason: 'invalid' };
  await forgiveAttempt(ctx, gate.ticket);
  const session = await createSession(ctx, result.user.id, policies.session, input.clientAddress);
  return { ok: true, user: result.user, session };
}
