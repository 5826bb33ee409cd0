import { recordAudit } from '../audit/record-audit.ts';
import type { AuthzContext } from '../context.ts';
import { validateNewPassword } from '../passwords/validate-password.ts';
import { beginAttempt, forgiveAttempt } from '../throttle/login-throttle.ts';
import { usernameKey } from '../users/user.ts';
import { setPassword } from '../users/update-user.ts';
import { createSession, type NewSession } from './create-session.ts';
import type { SignInPolicies } from './sign-in.ts';
import { endUserSessions } from './end-sessions.ts';
import { withTransaction } from './with-transaction.ts';

export type ChangePasswordResult =
  | { ok: true; session: NewSession | null }
  | { ok: false; reason: 'invalid' }
  | { ok: false; reason: 'throttled'; retryAfterMs: number };

/**
 * A signed-in user changes their own password: the new one is validated before anything is
 * hashed, the current one is checked (one hash, throttled like a sign-in, so a stolen session
 * cannot guess it), then every session of the user ends — this one too — and, with
 * `newSession`, a new one is returned so the caller stays signed in on this device only.
 */
export async function changePassword(
  ctx: AuthzContext,
  input: {
    userId: number;
    currentPassword: string;
    newPassword: string;
    clientAddress: string | null;
    newSession: boolean;
  },
  policies: SignInPolicies,
): Promise<ChangePasswordResult> {
  validateNewPassword(input.newPassword, 'newPassword');
  const row = await ctx.db
    .selectFrom('authz_user')
    .select(['username', 'password_hash', 'is_active'])
    .where('id', '=', input.userId)
    .executeTakeFirst();
  if (!row || row.is_active !== 1) return { ok: false, reason: 'invalid' };
  const gate = await beginAttempt(
    ctx,
    { account: usernameKey(row.username), address: input.clientAddress },
    policies.throttle,
  );
  if (!gate.ok) return { ok: false, reason: 'throttled', retryAfterMs: gate.retryAfterMs };
  const valid =
    row.password_hash !== null && (await ctx.hasher.verify(row.password_hash, input.currentPassword));
  if (!valid) return { ok: false, reason: 'invalid' };
  await forgiveAttempt(ctx, gate.ticket);
  // The attempt rows above are written outside any transaction (their ranking needs other
  // processes to see them at once); the change itself is all or nothing.
  const session = await withTransaction(ctx, async (tx) => {
    await setPassword(tx, input.userId, input.newPassword);
    await endUserSessions(tx, input.userId);
    await recordAudit(tx, {
      actorId: input.userId,
      action: 'user.password',
      target: { type: 'auth.user', id: input.userId },
      before: null,
      after: null,
      clientAddress: input.clientAddress,
    });
    return input.newSession ? createSession(tx, input.userId, policies.session, input.clientAddress) : null;
  });
  return { ok: true, session };
}
