import type { AuthzContext } from '../context.ts';
import { type ApiToken, toApiToken } from './api-token.ts';

/** A user's tokens, newest first, without secrets. */
export async function listApiTokens(ctx: AuthzContext, userId: number): Promise<ApiToken[]> {
  const rows = await ctx.db
    .selectFrom('authz_api_token')
    .selectAll()
    .where('user_id', '=', userId)
    .orderBy('id', 'desc')
    .execute();
  return rows.map(toApiToken);
}

/**
 * Revokes one of the user's tokens. False when the user has no such token — including when
 * it belongs to someone else, which the caller must not tell apart (answer 404 for both).
 */
export async function revokeApiToken(ctx: AuthzContext, userId: number, tokenId: number): Promise<boolean> {
  const result = await ctx.db
    .deleteFrom('authz_api_token')
    .where('id', '=', tokenId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return result.numDeletedRows > 0n;
}
