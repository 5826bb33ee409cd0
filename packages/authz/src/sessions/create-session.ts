import type { AuthzContext } from '../context.ts';
import { csrfTokenFor, hashSecret, newSecret } from './secrets.ts';
import type { SessionPolicy } from './session-policy.ts';

/** A fresh session: `token` goes into the cookie and exists nowhere else. */
export interface NewSession {
  readonly sessionId: number;
  readonly userId: number;
  readonly token: string;
  readonly csrfToken: string;
  readonly expiresAt: Date;
}

/** Where a session was started from, shown to its user in their list of sessions. */
export interface SessionClient {
  readonly address?: string | null;
  readonly userAgent?: string | null;
  /** The sign-in passed the second factor at this time (epoch ms). */
  readonly mfaAt?: number | null;
}

/**
 * Starts a session with a new random token. Called at every sign-in, never reusing a token
 * the client brought along (session fixation, OWASP ASVS V3.2.1).
 */
export async function createSession(
  ctx: AuthzContext,
  userId: number,
  policy: SessionPolicy,
  client: SessionClient = {},
): Promise<NewSession> {
  const token = newSecret();
  const now = ctx.now();
  const expiresAt = now + policy.absoluteMs;
  // Housekeeping at sign-in: the user's dead sessions go (indexed by user, so cheap).
  await ctx.db
    .deleteFrom('authz_session')
    .where('user_id', '=', userId)
    .where((eb) => eb.or([eb('expires_at', '<=', now), eb('last_seen_at', '<=', now - policy.idleMs)]))
    .execute();
  const row = await ctx.db
    .insertInto('authz_session')
    .values({
      user_id: userId,
      token_hash: hashSecret(token),
      created_at: now,
      last_seen_at: now,
      expires_at: expiresAt,
      client_address: client.address?.slice(0, 64) ?? null,
      user_agent: client.userAgent?.slice(0, 256) ?? null,
      mfa_at: client.mfaAt ?? null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { sessionId: row.id, userId, token, csrfToken: csrfTokenFor(token), expiresAt: new Date(expiresAt) };
}
