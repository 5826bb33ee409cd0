import type { AuthzContext } from '../context.ts';
import { recordFailure } from '../sessions/record-failure.ts';
import { withTransaction } from '../sessions/with-transaction.ts';
import { beginAttempt, forgiveAttempt, type ThrottleScope } from '../throttle/login-throttle.ts';
import type { ThrottlePolicy } from '../throttle/throttle-policy.ts';
import { consumeRecoveryCode, consumeStep, loadFactor } from './factor-store.ts';
import { matchingStep } from './totp.ts';

export type FactorUsed = 'totp' | 'recovery-code';

export type FactorCheckResult<T, Used extends string = FactorUsed> =
  | { ok: true; used: Used; value: T }
  | { ok: false; reason: 'invalid' }
  | { ok: false; reason: 'throttled'; retryAfterMs: number; scope: ThrottleScope };

/** Six digits is a TOTP code; anything else is tried as a recovery code. */
const TOTP_SHAPE = /^\d{6}$/;

/**
 * Checks a second-factor code under the sign-in throttle (SPEC §5: "throttled like
 * passwords"): its attempts are keyed apart from the password's (`second-factor:<id>`), so a
 * guesser who has the password cannot clear the code's failures by signing in with it again,
 * and no address counts as known. A TOTP code is accepted once per time step (`consumeStep`),
 * a recovery code once ever (`consumeRecoveryCode`), each by a conditional update, so two
 * concurrent requests with the same code cannot both pass. On success `then` runs in the same
 * transaction (confirm the enrolment, start the session …); a failure is settled and audited
 * like a wrong password (`auth.sign_in_failed` with `during: 'second-factor'`).
 */
export async function checkSecondFactor<T>(
  ctx: AuthzContext,
  input: {
    userId: number;
    code: string;
    clientAddress: string | null;
    /** `confirm`: the pending factor's first code (recovery codes do not exist yet). */
    stage: 'use' | 'confirm';
  },
  policy: ThrottlePolicy,
  then: (tx: AuthzContext, used: 'totp' | 'recovery-code') => Promise<T>,
): Promise<FactorCheckResult<T>> {
  const gate = await beginAttempt(
    ctx,
    { account: `second-factor:${input.userId}`, address: input.clientAddress, userId: input.userId },
    policy,
  );
  if (!gate.ok) return { ok: false, reason: 'throttled', retryAfterMs: gate.retryAfterMs, scope: gate.scope };
  const code = input.code.trim().replace(/\s/g, '');
  const outcome = await withTransaction(ctx, async (tx) => {
    const factor = await loadFactor(tx, input.userId);
    if (!factor || factor.confirmed !== (input.stage === 'use')) return null;
    if (TOTP_SHAPE.test(code)) {
      const step = matchingStep(factor.secret, code, ctx.now());
      if (step === null || !(await consumeStep(tx, input.userId, step))) return null;
    } else if (input.stage === 'confirm' || !(await consumeRecoveryCode(tx, input.userId, code))) return null;
    const used = TOTP_SHAPE.test(code) ? ('totp' as const) : ('recovery-code' as const);
    await forgiveAttempt(tx, gate.ticket, input.userId, policy);
    return { used, value: await then(tx, used) };
  });
  if (outcome === null) {
    await withTransaction(ctx, (tx) =>
      recordFailure(tx, gate.ticket, policy, input.clientAddress, 'second-factor'),
    );
    return { ok: false, reason: 'invalid' };
  }
  return { ok: true, used: outcome.used, value: outcome.value };
}
