import type { AuthzContext } from '../context.ts';
import { hashSecret, isSecretShaped } from '../sessions/secrets.ts';
import { TOUCH_INTERVAL_MS } from '../sessions/session-policy.ts';
import { touchLastSeen } from '../sessions/touch-last-seen.ts';

export interface ValidApiToken {
  readonly tokenId: number;
  readonly userId: number;
  readonly expiresAt: Date | null;
}

/** The token's owner, or null: unknown, expired, or the owner is inactive. */
export async function validateApiToken(ctx: AuthzContext, token: string): Promise<ValidApiToken | null> {
  if (!isSecretShaped(token)) return null;
  const row = await ctx.db
    .selectFrom('authz_api_token as t')
    .innerJoin('authz_user as u', 'u.id', 't.user_id')
    .select(['t.id', 't.user_id', 't.expires_at', 't.last_used_at', 'u.is_active'])
    .where('t.token_hash', '=', hashSecret(token))
    .executeTakeFirst();
  if (!row || row.is_active !== 1) return null;
  const now = ctx.now();
  const expiresAt = row.expires_at === null ? null : Number(row.expires_at);
  if (expiresAt !== null && now >= expiresAt) return null;
  if (row.last_used_at === null || now - Number(row.last_used_at) >= TOUCH_INTERVAL_MS)
    await touchLastSeen(() =>
      ctx.db.updateTable('authz_api_token').set({ last_used_at: now }).where('id', '=', row.id).execute(),
    );
  return { tokenId: row.id, userId: row.user_id, expiresAt: expiresAt === null ? null : new Date(expiresAt) };
}
