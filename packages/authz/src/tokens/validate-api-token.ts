import type { Kysely } from 'kysely';
import { subjectFromRow, type Subject } from '../checks/subject.ts';
import type { AuthzContext } from '../context.ts';
import { prepared } from '../db/prepared.ts';
import { generationSql } from '../generation/stored-generation.ts';
import type { AuthzTables } from '../schema/tables.ts';
import { hashSecret, isSecretShaped } from '../sessions/secrets.ts';
import { TOUCH_INTERVAL_MS } from '../sessions/session-policy.ts';
import { touchLastSeen } from '../sessions/touch-last-seen.ts';
import { loadTokenScope } from './load-token-scope.ts';
import type { TokenScope } from './token-scope.ts';

export interface ValidApiToken {
  readonly tokenId: number;
  readonly userId: number;
  readonly expiresAt: Date | null;
  /** The token's scope; null: unscoped, its user's full rights. */
  readonly scope: TokenScope | null;
}

/** The token, its owner's row and the stored authorization generation in one statement. */
const tokenRow = prepared(1, (db, tokenHash) =>
  (db as Kysely<AuthzTables>)
    .selectFrom('authz_api_token as t')
    .innerJoin('authz_user as u', 'u.id', 't.user_id')
    .selectAll('u')
    .select([
      't.id as token_id',
      't.expires_at as token_expires_at',
      't.last_used_at',
      't.scoped as token_scoped',
      generationSql().as('authz_generation'),
    ])
    .where('t.token_hash', '=', tokenHash),
);

async function readToken(ctx: AuthzContext, token: string) {
  if (!isSecretShaped(token)) return null;
  const row = (await tokenRow(ctx.db as unknown as Kysely<never>, hashSecret(token))).rows[0];
  if (!row || row.is_active !== 1) return null;
  const now = ctx.now();
  const expiresAt = row.token_expires_at === null ? null : Number(row.token_expires_at);
  if (expiresAt !== null && now >= expiresAt) return null;
  if (row.last_used_at === null || now - Number(row.last_used_at) >= TOUCH_INTERVAL_MS)
    await touchLastSeen(() =>
      ctx.db
        .updateTable('authz_api_token')
        .set({ last_used_at: now })
        .where('id', '=', row.token_id)
        .execute(),
    );
  const valid: ValidApiToken = {
    tokenId: row.token_id,
    userId: row.id,
    expiresAt: expiresAt === null ? null : new Date(expiresAt),
    // A scoped token costs one more (indexed) query; an unscoped one nothing.
    scope: Number(row.token_scoped) === 1 ? await loadTokenScope(ctx, row.token_id) : null,
  };
  return { token: valid, row };
}

/** The token's owner, or null: unknown, expired, or the owner is inactive. */
export async function validateApiToken(ctx: AuthzContext, token: string): Promise<ValidApiToken | null> {
  return (await readToken(ctx, token))?.token ?? null;
}

/**
 * {@link validateApiToken} and the owner's Subject, for a request: one statement when the
 * owner's permission set is cached and still current (see `authenticateSession`).
 */
export async function authenticateApiToken(
  ctx: AuthzContext,
  token: string,
): Promise<{ token: ValidApiToken; subject: Subject } | null> {
  const inProcess = ctx.generation.value;
  const found = await readToken(ctx, token);
  if (!found) return null;
  return {
    token: found.token,
    subject: await subjectFromRow(ctx, found.row, inProcess, found.token.scope),
  };
}
