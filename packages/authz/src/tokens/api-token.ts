import type { Selectable } from 'kysely';
import type { ApiTokenTable } from '../schema/accounts-tables.ts';
import type { TokenScopeEntry } from './token-scope.ts';

/** An API token as listed: never its secret, which is shown once at creation and not stored. */
export interface ApiToken {
  readonly id: number;
  readonly name: string;
  readonly createdAt: Date;
  readonly expiresAt: Date | null;
  readonly lastUsedAt: Date | null;
  /** What it may be used for (SPEC §5); null: everything its user may do. */
  readonly scope: readonly TokenScopeEntry[] | null;
}

export const TOKEN_NAME_MAX = 100;
/** More than this many tokens per user is refused: a list nobody reviews is a risk. */
export const MAX_TOKENS_PER_USER = 50;

const date = (ms: number | null) => (ms === null ? null : new Date(Number(ms)));

export function toApiToken(
  row: Selectable<ApiTokenTable>,
  scope: readonly TokenScopeEntry[] | null,
): ApiToken {
  return {
    id: row.id,
    name: row.name,
    createdAt: new Date(Number(row.created_at)),
    expiresAt: date(row.expires_at),
    lastUsedAt: date(row.last_used_at),
    scope: Number(row.scoped) === 1 ? scope : null,
  };
}

/** What the audit log keeps of a token: never its secret or hash. */
export function tokenSnapshot(token: ApiToken) {
  return {
    id: token.id,
    name: token.name,
    createdAt: token.createdAt.toISOString(),
    expiresAt: token.expiresAt?.toISOString() ?? null,
    scope: token.scope,
  };
}
