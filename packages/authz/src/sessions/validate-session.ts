import type { Kysely } from 'kysely';
import { subjectFromRow, type Subject } from '../checks/subject.ts';
import type { AuthzContext } from '../context.ts';
import { prepared } from '../db/prepared.ts';
import { generationSql } from '../generation/stored-generation.ts';
import type { AuthzTables } from '../schema/tables.ts';
import { csrfTokenFor, hashSecret, isSecretShaped } from './secrets.ts';
import { type SessionPolicy, TOUCH_INTERVAL_MS } from './session-policy.ts';
import { touchLastSeen } from './touch-last-seen.ts';

export interface ValidSession {
  readonly sessionId: number;
  readonly userId: number;
  readonly csrfToken: string;
  readonly expiresAt: Date;
  /** When this session's sign-in passed the second factor; null: it did not (issue 27). */
  readonly mfaAt: Date | null;
}

/**
 * The session, its user's row and the stored authorization generation in one statement: the
 * first (and, with the permission set cached, the only) query of a signed-in request.
 */
const sessionRow = prepared(1, (db, tokenHash) =>
  (db as Kysely<AuthzTables>)
    .selectFrom('authz_session as s')
    .innerJoin('authz_user as u', 'u.id', 's.user_id')
    .selectAll('u')
    .select([
      's.id as session_id',
      's.last_seen_at',
      's.expires_at',
      's.mfa_at',
      generationSql().as('authz_generation'),
    ])
    .where('s.token_hash', '=', tokenHash),
);

async function readSession(ctx: AuthzContext, token: string, policy: SessionPolicy) {
  if (!isSecretShaped(token)) return null;
  const row = (await sessionRow(ctx.db as unknown as Kysely<never>, hashSecret(token))).rows[0];
  if (!row) return null;
  const now = ctx.now();
  const lastSeen = Number(row.last_seen_at);
  const expiresAt = Number(row.expires_at);
  if (now >= expiresAt || now >= lastSeen + policy.idleMs || row.is_active !== 1) {
    await ctx.db.deleteFrom('authz_session').where('id', '=', row.session_id).execute();
    return null;
  }
  if (now - lastSeen >= TOUCH_INTERVAL_MS)
    await touchLastSeen(() =>
      ctx.db
        .updateTable('authz_session')
        .set({ last_seen_at: now })
        .where('id', '=', row.session_id)
        .execute(),
    );
  const session: ValidSession = {
    sessionId: row.session_id,
    userId: row.id,
    csrfToken: csrfTokenFor(token),
    expiresAt: new Date(expiresAt),
    mfaAt: row.mfa_at === null ? null : new Date(Number(row.mfa_at)),
  };
  return { session, row };
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
  return (await readSession(ctx, token, policy))?.session ?? null;
}

/**
 * {@link validateSession} and the signed-in user's Subject, for a request: one statement when
 * the user's permission set is in the kit's cache and no authorization write has committed
 * since it was read (the generation comes with the session row), else one more.
 *
 * @example
 * const auth = await authz.authenticateSession(cookie, policy);
 * if (auth) request.subject = auth.subject;
 */
export async function authenticateSession(
  ctx: AuthzContext,
  token: string,
  policy: SessionPolicy,
): Promise<{ session: ValidSession; subject: Subject } | null> {
  const inProcess = ctx.generation.value;
  const found = await readSession(ctx, token, policy);
  if (!found) return null;
  return { session: found.session, subject: await subjectFromRow(ctx, found.row, inProcess) };
}
