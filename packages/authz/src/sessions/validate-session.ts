import type { AuthzContext } from '../context.ts';
import { csrfTokenFor, hashSecret, isSecretShaped } from './secrets.ts';
import { type SessionPolicy, TOUCH_INTERVAL_MS } from './session-policy.ts';
import { touchLastSeen } from './touch-last-seen.ts';

export interface ValidSession {
  readonly sessionId: number;
  readonly userId: number;
  readonly csrfToken: string;
  readonly expiresAt: Date;
}

/**
 * The session a token belongs to, or null: unknown, idle too long, past its absolute expiry,
 * or its user is inactive. An expired session is deleted when met. Deactivation also deletes
 * sessions, but checking the flag here keeps a deactivation made by any other path effective.
 */
export async function validateSession(
  ctx: AuthzContext,
  token: string,
  policy: SessionPolicy,
): Promise<ValidSession | null> {
  if (!isSecretShaped(token)) return null;
  const row = await ctx.db
    .selectFrom('authz_session as s')
    .innerJoin('authz_user as u', 'u.id', 's.user_id')
    .select(['s.id', 's.user_id', 's.last_seen_at', 's.expires_at', 'u.is_active'])
    .where('s.token_hash', '=', hashSecret(token))
    .executeTakeFirst();
  if (!row) return null;
  const now = ctx.now();
  const lastSeen = Number(row.last_seen_at);
  const expiresAt = Number(row.expires_at);
  if (now >= expiresAt || now >= lastSeen + policy.idleMs || row.is_active !== 1) {
    await ctx.db.deleteFrom('authz_session').where('id', '=', row.id).execute();
    return null;
  }
  if (now - lastSeen >= TOUCH_INTERVAL_MS)
    await touchLastSeen(() =>
      ctx.db.updateTable('authz_session').set({ last_seen_at: now }).where('id', '=', row.id).execute(),
    );
  return {
    sessionId: row.id,
    userId: row.user_id,
    csrfToken: csrfTokenFor(token),
    expiresAt: new Date(expiresAt),
  };
}
