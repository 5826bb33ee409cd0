import { recordAudit } from '../audit/record-audit.ts';
import type { AuthzContext } from '../context.ts';
import { recordFailure } from '../sessions/record-failure.ts';
import { withTransaction } from '../sessions/with-transaction.ts';
import { beginAttempt, forgiveAttempt, type ThrottleScope } from '../throttle/login-throttle.ts';
import type { ThrottlePolicy } from '../throttle/throttle-policy.ts';
import { authenticate } from '../users/authenticate.ts';
import { usernameKey, type User } from '../users/user.ts';
import type { ExternalSignInOptions, VerifiedIdentity } from './external-identity.ts';
import { finishSignIn, isUniqueViolation } from './external-sign-in.ts';

export type LinkResult =
  | { ok: true; user: User }
  | { ok: false; reason: 'invalid' }
  | { ok: false; reason: 'throttled'; retryAfterMs: number; scope: ThrottleScope };

/**
 * Links a verified provider identity to the local account that has its e-mail, once that
 * account's password is given: throttled and audited exactly as a password sign-in (the same
 * attempt rows, so guessing here and at the sign-in form shares one limit).
 */
export async function linkExternalIdentity(
  ctx: AuthzContext,
  input: { userId: number; identity: VerifiedIdentity; password: string; clientAddress: string | null },
  throttle: ThrottlePolicy,
  options: ExternalSignInOptions,
): Promise<LinkResult> {
  const target = await ctx.db
    .selectFrom('authz_user')
    .select('username')
    .where('id', '=', input.userId)
    .executeTakeFirst();
  const username = target?.username ?? '';
  const gate = await beginAttempt(
    ctx,
    { account: usernameKey(username), address: input.clientAddress },
    throttle,
  );
  if (!gate.ok) return { ok: false, reason: 'throttled', retryAfterMs: gate.retryAfterMs, scope: gate.scope };
  const result = await authenticate(ctx, username, input.password);
  if (!result.ok || result.user.id !== input.userId) {
    await withTransaction(ctx, (tx) =>
      recordFailure(tx, gate.ticket, throttle, input.clientAddress, 'sign-in'),
    );
    return { ok: false, reason: 'invalid' };
  }
  const { identity } = input;
  try {
    await withTransaction(ctx, async (tx) => {
      await forgiveAttempt(tx, gate.ticket, input.userId, throttle);
      await tx.db
        .insertInto('authz_external_identity')
        .values({
          user_id: input.userId,
          issuer: identity.issuer,
          subject: identity.subject,
          created_at: tx.now(),
          last_sign_in_at: null,
        })
        .execute();
      await recordAudit(tx, {
        actorId: input.userId,
        action: 'auth.external_linked',
        target: { type: 'auth.user', id: input.userId },
        before: null,
        after: { issuer: identity.issuer, subject: identity.subject },
        clientAddress: input.clientAddress,
      });
      await finishSignIn(tx, input.userId, identity, options, input.clientAddress);
    });
  } catch (error) {
    // The identity got linked meanwhile (a second tab): the first link stands, this one fails.
    if (isUniqueViolation(error)) return { ok: false, reason: 'invalid' };
    throw error;
  }
  return { ok: true, user: result.user };
}
