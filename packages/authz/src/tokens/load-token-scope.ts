import type { AuthzContext } from '../context.ts';
import { type TokenScope, type TokenScopeEntry, toTokenScope } from './token-scope.ts';

/** The entries of tokens' scopes, by token id (one query for any number of tokens). */
export async function loadScopeEntries(
  ctx: AuthzContext,
  tokenIds: readonly number[],
): Promise<Map<number, TokenScopeEntry[]>> {
  const byToken = new Map<number, TokenScopeEntry[]>();
  if (tokenIds.length === 0) return byToken;
  const rows = await ctx.db
    .selectFrom('authz_api_token_scope as s')
    .innerJoin('authz_permission as p', 'p.id', 's.permission_id')
    .select(['s.token_id', 's.object_id', 'p.app', 'p.codename'])
    .where('s.token_id', 'in', tokenIds)
    .execute();
  for (const row of rows) {
    const entries = byToken.get(row.token_id) ?? [];
    const permission = `${row.app}.${row.codename}`;
    entries.push({ permission, objects: row.object_id === null ? null : [Number(row.object_id)] });
    byToken.set(row.token_id, entries);
  }
  return byToken;
}

/** A scoped token's scope (a token without entries allows nothing). */
export async function loadTokenScope(ctx: AuthzContext, tokenId: number): Promise<TokenScope> {
  return toTokenScope((await loadScopeEntries(ctx, [tokenId])).get(tokenId) ?? []);
}
