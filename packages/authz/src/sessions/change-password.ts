import { recordAudit } from '../audit/record-audit.ts';
import type { AuthzContext } from '../context.ts';
import { validateNewPassword } from '../passwords/validate-password.ts';
import { forgiveAttempt, type ThrottleScope } from '../throttle/login-throttle.ts';
import { setPassword } from '../users/update-user.ts';
import { createSession, type NewSession } from './create-session.ts';
import { checkOwnPassword } from './check-own-password.ts';
import type { SignInPolicies } from './sign-in-policies.ts';
import { withTransaction } from './with-transaction.ts';

export type ChangePasswordResult =
  | { ok: true; session: NewSession | null; endedSessions: number; endedApiTokens: number }
  | { ok: false; reason: 'invalid' }
  | { ok: false; reason: 'throttled'; retryAfterMs: number; scope: ThrottleScope };

/**
 * A signed-in user changes their own password: the new one passes the password policy before
 * anything is hashed, the current one is checked (one hash, throttled like a sign-in, so a
 * stolen session cannot guess it), then every session of the user ends — this one too — and
 * every API token, unless the user asks to keep them (`keepApiTokens`). With `newSession`, a
 * new session is returned so the caller stays signed in on this device only.
 */
export async function changePassword(
  ctx: AuthzContext,
  input: {
    userId: number;
    currentPassword: string;
    newPassword: string;
    clientAddress: string | null;
    userAgent?: string | null;
    newSession: boolean;
    /** The new session keeps the second-factor mark of the one it replaces (issue 27). */
    newSessionMfaAt?: Date | null;
    keepApiTokens?: boolean;
  },
  policies: SignInPolicies,
): Promise<ChangePasswordResult> {
  const row = await ctx.db
    .selectFrom('authz_user')
    .select(['username', 'email', 'full_name as fullName', 'password_hash', 'is_active'])
    .where('id', '=', input.userId)
    .executeTakeFirst();
  if (!row || row.is_active !== 1) return { ok: false, reason: 'invalid' };
  await validateNewPassword(input.newPassword, row, 'newPassword');
  const gate = await checkOwnPassword(
    ctx,
    { username: row.username, passwordHash: row.password_hash },
    { password: input.currentPassword, clientAddress: input.clientAddress },
    policies.throttle,
    'password-change',
  );
  if (!gate.ok) return gate;
  // The attempt row above is written outside any transaction (its ranking needs other
  // processes to see it at once); the change and the attempt's settling are all or nothing.
  return withTransaction(ctx, async (tx) => {
    await forgiveAttempt(tx, gate.ticket, input.userId, policies.throttle);
    const keepApiTokens = input.keepApiTokens === true;
    const ended = await setPassword(tx, input.userId, input.newPassword, {
      keepApiTokens,
      field: 'newPassword',
    });
    await recordAudit(tx, {
      actorId: input.userId,
      action: 'user.password',
      target: { type: 'auth.user', id: input.userId },
      before: null,
      after: { endedSessions: ended.sessions, endedApiTokens: ended.apiTokens, keptApiTokens: keepApiTokens },
      clientAddress: input.clientAddress,
    });
    const session = input.newSession
      ? await createSession(tx, input.userId, policies.session, {
          address: input.clientAddress,
          userAgent: input.userAgent ?? null,
          mfaAt: input.newSessionMfaAt?.getTime() ?? null,
        })
      : null;
    return { ok: true, session, endedSessions: ended.sessions, endedApiTokens: ended.apiTokens };
  });
}
