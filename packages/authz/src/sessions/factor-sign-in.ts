import { recordAudit } from '../audit/record-audit.ts';
import type { AuthzContext } from '../context.ts';
import { checkSecondFactor } from '../second-factor/check-factor.ts';
import type { ThrottleScope } from '../throttle/login-throttle.ts';
import { toUser, type User } from '../users/user.ts';
import { createSession, type NewSession, type SessionClient } from './create-session.ts';
import { hashSecret, isSecretShaped, newSecret } from './secrets.ts';
import type { SessionPolicy } from './session-policy.ts';
import type { SignInPolicies } from './sign-in-policies.ts';
import { withTransaction } from './with-transaction.ts';

/** How long a sign-in may wait for its second factor (enough to open the app, not to linger). */
export const FACTOR_CHALLENGE_MS = 5 * 60_000;

/** A sign-in waiting for its code. `token` goes into a cookie of its own and exists nowhere else. */
export interface FactorChallenge {
  readonly token: string;
  readonly expiresAt: Date;
}

/** What a first factor (a password, an identity provider) leads to. */
export type FirstFactorOutcome =
  { kind: 'session'; session: NewSession } | { kind: 'second-factor'; challenge: FactorChallenge };

/**
 * The one place a first factor becomes a session: a user with a confirmed second factor gets a
 * challenge (no session; nothing that authenticates requests reads challenges), everyone else a
 * session at once. Password sign-in calls it; any other first factor (OpenID Connect) must
 * call it too instead of `createSession`, so that no path skips the code.
 *
 * @example
 * const next = await authz.sessionAfterFirstFactor(user.id, settings.session, { address: request.ip });
 * if (next.kind === 'second-factor') setChallengeCookie(next.challenge); else setSessionCookie(next.session);
 */
export function sessionAfterFirstFactor(
  ctx: AuthzContext,
  userId: number,
  policy: SessionPolicy,
  client: SessionClient = {},
): Promise<FirstFactorOutcome> {
  return withTransaction(ctx, async (tx) => {
    const factor = await tx.db
      .selectFrom('authz_totp')
      .select('confirmed_at')
      .where('user_id', '=', userId)
      .executeTakeFirst();
    if (factor?.confirmed_at == null)
      return { kind: 'session', session: await createSession(tx, userId, policy, client) };
    const token = newSecret();
    const now = tx.now();
    await tx.db.deleteFrom('authz_factor_challenge').where('expires_at', '<=', now).execute();
    await tx.db
      .insertInto('authz_factor_challenge')
      .values({
        user_id: userId,
        token_hash: hashSecret(token),
        created_at: now,
        expires_at: now + FACTOR_CHALLENGE_MS,
        client_address: client.address?.slice(0, 64) ?? null,
        user_agent: client.userAgent?.slice(0, 256) ?? null,
      })
      .execute();
    return { kind: 'second-factor', challenge: { token, expiresAt: new Date(now + FACTOR_CHALLENGE_MS) } };
  });
}

export type CompleteSignInResult =
  | { ok: true; user: User; session: NewSession; used: 'totp' | 'recovery-code' }
  /** No such challenge, past its five minutes, or the account was deactivated meanwhile: start again. */
  | { ok: false; reason: 'expired' }
  | { ok: false; reason: 'invalid' }
  | { ok: false; reason: 'throttled'; retryAfterMs: number; scope: ThrottleScope };

/**
 * The second step of a sign-in: the challenge's code (or a recovery code, which is then used
 * up) checked under the throttle; on success the challenge ends and a new session starts,
 * recording that the factor was used (`mfaAt`). A wrong code leaves the challenge for another
 * try until it expires; the throttle bounds the tries.
 */
export async function completeSignIn(
  ctx: AuthzContext,
  input: { challengeToken: string; code: string; clientAddress: string | null; userAgent?: string | null },
  policies: SignInPolicies,
): Promise<CompleteSignInResult> {
  if (!isSecretShaped(input.challengeToken)) return { ok: false, reason: 'expired' };
  const tokenHash = hashSecret(input.challengeToken);
  const challenge = await ctx.db
    .selectFrom('authz_factor_challenge as c')
    .innerJoin('authz_user as u', 'u.id', 'c.user_id')
    .select(['c.id', 'c.user_id', 'c.expires_at', 'u.is_active'])
    .where('c.token_hash', '=', tokenHash)
    .executeTakeFirst();
  if (!challenge || Number(challenge.expires_at) <= ctx.now() || challenge.is_active !== 1) {
    if (challenge) await ctx.db.deleteFrom('authz_factor_challenge').where('id', '=', challenge.id).execute();
    return { ok: false, reason: 'expired' };
  }
  const userId = challenge.user_id;
  const result = await checkSecondFactor(
    ctx,
    { userId, code: input.code, clientAddress: input.clientAddress, stage: 'use' },
    policies.throttle,
    async (tx, used) => {
      // Deleting the challenge by id in the same transaction: a second request with the same
      // challenge and another valid code finds nothing to delete and gets no second session.
      const gone = await tx.db
        .deleteFrom('authz_factor_challenge')
        .where('id', '=', challenge.id)
        .executeTakeFirst();
      if (Number(gone.numDeletedRows) !== 1) return null;
      const now = tx.now();
      await tx.db.updateTable('authz_user').set({ last_login: now }).where('id', '=', userId).execute();
      if (used === 'recovery-code')
        await recordAudit(tx, {
          actorId: userId,
          action: 'auth.recovery_code_used',
          target: { type: 'auth.user', id: userId },
          before: null,
          after: { during: 'sign-in' },
          clientAddress: input.clientAddress,
        });
      const session = await createSession(tx, userId, policies.session, {
        address: input.clientAddress,
        userAgent: input.userAgent ?? null,
        mfaAt: now,
      });
      const row = await tx.db
        .selectFrom('authz_user')
        .selectAll()
        .where('id', '=', userId)
        .executeTakeFirstOrThrow();
      return { session, user: toUser(row) };
    },
  );
  if (!result.ok) return result;
  if (result.value === null) return { ok: false, reason: 'expired' };
  return { ok: true, user: result.value.user, session: result.value.session, used: result.used };
}
