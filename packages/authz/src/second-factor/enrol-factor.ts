import { recordAudit } from '../audit/record-audit.ts';
import type { AuthzContext } from '../context.ts';
import type { ThrottlePolicy } from '../throttle/throttle-policy.ts';
import { checkSecondFactor, type FactorCheckResult, type FactorUsed } from './check-factor.ts';
import { removeSecondFactor, replaceRecoveryCodes } from './factor-store.ts';
import { checkOwnPassword } from '../sessions/check-own-password.ts';
import { withTransaction } from '../sessions/with-transaction.ts';
import { forgiveAttempt } from '../throttle/login-throttle.ts';

/**
 * Confirms a pending enrolment with a code from the app (proof the app holds the secret):
 * the factor counts from now on, ten recovery codes are made (returned here only), and the
 * session that confirmed is marked as having used the factor (it just did). Audited.
 */
export function confirmEnrolment(
  ctx: AuthzContext,
  input: { userId: number; code: string; clientAddress: string | null; sessionId?: number | null },
  policy: ThrottlePolicy,
): Promise<FactorCheckResult<string[]>> {
  return checkSecondFactor(ctx, { ...input, stage: 'confirm' }, policy, async (tx) => {
    const now = tx.now();
    await tx.db
      .updateTable('authz_totp')
      .set({ confirmed_at: now })
      .where('user_id', '=', input.userId)
      .execute();
    if (input.sessionId != null)
      await tx.db
        .updateTable('authz_session')
        .set({ mfa_at: now })
        .where('id', '=', input.sessionId)
        .where('user_id', '=', input.userId)
        .execute();
    await recordAudit(tx, {
      actorId: input.userId,
      action: 'user.second_factor_enrol',
      target: { type: 'auth.user', id: input.userId },
      before: { enrolled: false },
      after: { enrolled: true, recoveryCodes: 10 },
      clientAddress: input.clientAddress,
    });
    return replaceRecoveryCodes(tx, input.userId);
  });
}

/** New recovery codes (the old ones stop working) for a current code; audited. */
export function regenerateRecoveryCodes(
  ctx: AuthzContext,
  input: { userId: number; code: string; clientAddress: string | null },
  policy: ThrottlePolicy,
): Promise<FactorCheckResult<string[]>> {
  return checkSecondFactor(ctx, { ...input, stage: 'use' }, policy, async (tx) => {
    await recordAudit(tx, {
      actorId: input.userId,
      action: 'user.recovery_codes',
      target: { type: 'auth.user', id: input.userId },
      before: null,
      after: { recoveryCodes: 10 },
      clientAddress: input.clientAddress,
    });
    return replaceRecoveryCodes(tx, input.userId);
  });
}

/**
 * A user removes their own factor with proof that they hold it or the account: a current code
 * (or a recovery code), or their password (checked like a sign-in, under the throttle). A
 * stolen session alone cannot strip the factor. Audited (`user.second_factor_remove`).
 */
export async function removeOwnSecondFactor(
  ctx: AuthzContext,
  input: { userId: number; proof: { code: string } | { password: string }; clientAddress: string | null },
  policy: ThrottlePolicy,
): Promise<FactorCheckResult<boolean, FactorUsed | 'password'>> {
  const by = { actorId: input.userId, clientAddress: input.clientAddress };
  if ('code' in input.proof)
    return checkSecondFactor(
      ctx,
      { userId: input.userId, code: input.proof.code, clientAddress: input.clientAddress, stage: 'use' },
      policy,
      (tx) => removeSecondFactor(tx, input.userId, by),
    );
  const row = await ctx.db
    .selectFrom('authz_user')
    .select(['username', 'password_hash', 'is_active'])
    .where('id', '=', input.userId)
    .executeTakeFirst();
  if (!row || row.is_active !== 1) return { ok: false, reason: 'invalid' };
  const gate = await checkOwnPassword(
    ctx,
    { username: row.username, passwordHash: row.password_hash },
    { password: input.proof.password, clientAddress: input.clientAddress },
    policy,
    'second-factor',
  );
  if (!gate.ok) return gate;
  const removed = await withTransaction(ctx, async (tx) => {
    await forgiveAttempt(tx, gate.ticket, input.userId, policy);
    return removeSecondFactor(tx, input.userId, by);
  });
  return { ok: true, used: 'password', value: removed };
}
