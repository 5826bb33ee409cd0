import type { AuthzContext } from '../context.ts';
import { type AttemptTicket, beginAttempt, type ThrottleScope } from '../throttle/login-throttle.ts';
import type { ThrottlePolicy } from '../throttle/throttle-policy.ts';
import { usernameKey } from '../users/user.ts';
import { recordFailure } from './record-failure.ts';
import { withTransaction } from './with-transaction.ts';

export type OwnPasswordCheck =
  | { ok: true; ticket: AttemptTicket }
  | { ok: false; reason: 'invalid' }
  | { ok: false; reason: 'throttled'; retryAfterMs: number; scope: ThrottleScope };

/**
 * A signed-in user proves their password again (changing it, removing their second factor):
 * one hash, throttled like a sign-in, so a stolen session cannot guess it. A failure is settled
 * and audited here; on success the caller settles the ticket (`forgiveAttempt`) in the
 * transaction of its change.
 */
export async function checkOwnPassword(
  ctx: AuthzContext,
  account: { username: string; passwordHash: string | null },
  input: { password: string; clientAddress: string | null },
  policy: ThrottlePolicy,
  during: 'password-change' | 'second-factor',
): Promise<OwnPasswordCheck> {
  const gate = await beginAttempt(
    ctx,
    { account: usernameKey(account.username), address: input.clientAddress },
    policy,
  );
  if (!gate.ok) return { ok: false, reason: 'throttled', retryAfterMs: gate.retryAfterMs, scope: gate.scope };
  const valid =
    account.passwordHash !== null && (await ctx.hasher.verify(account.passwordHash, input.password));
  if (!valid) {
    await withTransaction(ctx, (tx) => recordFailure(tx, gate.ticket, policy, input.clientAddress, during));
    return { ok: false, reason: 'invalid' };
  }
  return { ok: true, ticket: gate.ticket };
}
