import { recordAudit } from '../audit/record-audit.ts';
import type { AuthzContext } from '../context.ts';
import type { SessionPolicy } from './session-policy.ts';
import { authzWrite } from '../generation/authz-write.ts';

/** One of a user's live sessions as they see it (ASVS 3.3.4): never its token. */
export interface SessionInfo {
  readonly id: number;
  readonly userAgent: string | null;
  readonly clientAddress: string | null;
  readonly createdAt: Date;
  readonly lastSeenAt: Date;
  readonly expiresAt: Date;
}

/** A user's live sessions (not idle too long, not past their expiry), most recently used first. */
export async function listUserSessions(
  ctx: AuthzContext,
  userId: number,
  policy: SessionPolicy,
): Promise<SessionInfo[]> {
  const now = ctx.now();
  const rows = await ctx.db
    .selectFrom('authz_session')
    .selectAll()
    .where('user_id', '=', userId)
    .where('expires_at', '>', now)
    .where('last_seen_at', '>', now - policy.idleMs)
    .orderBy('last_seen_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
  return rows.map((row) => ({
    id: row.id,
    userAgent: row.user_agent,
    clientAddress: row.client_address,
    createdAt: new Date(Number(row.created_at)),
    lastSeenAt: new Date(Number(row.last_seen_at)),
    expiresAt: new Date(Number(row.expires_at)),
  }));
}

const snapshot = (s: {
  id: number;
  created_at: number;
  client_address: string | null;
  user_agent: string | null;
}) => ({
  id: s.id,
  createdAt: new Date(Number(s.created_at)).toISOString(),
  clientAddress: s.client_address,
  userAgent: s.user_agent,
});

/**
 * Ends sessions of `userId`: one (`{ sessionId }`), or all but one (`{ except }`, "sign out
 * everywhere else"; `except: null` ends them all). Only the user's own sessions are touched, so
 * another user's session id simply matches nothing. The ending and its audit entry (with what
 * was ended) commit together. Returns how many ended.
 */
export async function endOwnSessions(
  ctx: AuthzContext,
  userId: number,
  which: { sessionId: number } | { except: number | null },
  clientAddress: string | null = null,
): Promise<number> {
  return authzWrite(ctx, async (tx) => {
    let query = tx.db
      .selectFrom('authz_session')
      .select(['id', 'created_at', 'client_address', 'user_agent'])
      .where('user_id', '=', userId);
    if ('sessionId' in which) query = query.where('id', '=', which.sessionId);
    else if (which.except !== null) query = query.where('id', '!=', which.except);
    const ended = await query.orderBy('id').execute();
    if (ended.length === 0) return 0;
    await tx.db
      .deleteFrom('authz_session')
      .where(
        'id',
        'in',
        ended.map((s) => s.id),
      )
      .execute();
    await recordAudit(tx, {
      actorId: userId,
      action: 'session.end',
      target: { type: 'auth.user', id: userId },
      before: ended.map(snapshot),
      after: null,
      clientAddress,
    });
    return ended.length;
  });
}
