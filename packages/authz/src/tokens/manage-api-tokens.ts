import { recordAudit } from '../audit/record-audit.ts';
import type { AuthzContext } from '../context.ts';
import { authzWrite } from '../generation/authz-write.ts';
import { type ApiToken, toApiToken, tokenSnapshot } from './api-token.ts';
import { loadScopeEntries } from './load-token-scope.ts';
import { scopeEntries, toTokenScope } from './token-scope.ts';

/** A user's tokens, newest first, without secrets. */
export async function listApiTokens(ctx: AuthzContext, userId: number): Promise<ApiToken[]> {
  const rows = await ctx.db
    .selectFrom('authz_api_token')
    .selectAll()
    .where('user_id', '=', userId)
    .orderBy('id', 'desc')
    .execute();
  const scopes = await loadScopeEntries(
    ctx,
    rows.filter((r) => Number(r.scoped) === 1).map((r) => r.id),
  );
  return rows.map((r) => toApiToken(r, scopeEntries(toTokenScope(scopes.get(r.id) ?? []))));
}

/**
 * Revokes one of the user's tokens, audited with what was revoked. False when the user has no
 * such token — including when it belongs to someone else, which the caller must not tell apart
 * (answer 404 for both).
 */
export function revokeApiToken(
  ctx: AuthzContext,
  userId: number,
  tokenId: number,
  clientAddress: string | null = null,
): Promise<boolean> {
  return authzWrite(ctx, async (tx) => {
    const scope = (await loadScopeEntries(tx, [tokenId])).get(tokenId) ?? [];
    const row = await tx.db
      .deleteFrom('authz_api_token')
      .where('id', '=', tokenId)
      .where('user_id', '=', userId)
      .returningAll()
      .executeTakeFirst();
    if (!row) return false;
    await recordAudit(tx, {
      actorId: userId,
      action: 'token.revoke',
      target: { type: 'auth.user', id: userId },
      before: tokenSnapshot(toApiToken(row, scopeEntries(toTokenScope(scope)))),
      after: null,
      clientAddress,
    });
    return true;
  });
}
