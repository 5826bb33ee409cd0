import { recordAudit } from '../audit/record-audit.ts';
import type { AuthzContext } from '../context.ts';
import { withTransaction } from '../sessions/with-transaction.ts';
import { conflict, invalidInput, notFound } from '../errors.ts';
import { hashSecret, newSecret } from '../sessions/secrets.ts';
import {
  type ApiToken,
  MAX_TOKENS_PER_USER,
  TOKEN_NAME_MAX,
  toApiToken,
  tokenSnapshot,
} from './api-token.ts';
import { loadSubject, type UserRef } from '../checks/subject.ts';
import { checkRequestedScope, type ScopeRow } from './check-token-scope.ts';
import { scopeEntries, type TokenScopeEntry, toTokenScope } from './token-scope.ts';

export interface NewApiToken {
  readonly name: string;
  readonly expiresAt: Date | null;
  /** Limits the token (SPEC §5); absent or null: its user's full rights. */
  readonly scope?: readonly TokenScopeEntry[] | null;
}

/**
 * Creates a personal API token for `creator` (a user id, or the request's Subject — a scoped
 * token then bounds the new one). The secret is returned here and never again: only its SHA-256
 * is stored. `expiresAt` must lie in the future; null means no expiry. A scope needs only the
 * rights it carries (`checkRequestedScope`). The token and its audit entry commit together.
 *
 * @example
 * await authz.createApiToken(subject, {
 *   name: 'cycler PC', expiresAt: null,
 *   scope: [{ permission: 'batterydb.change_experiment', objects: [12, 15] }],
 * });
 */
export function createApiToken(
  ctx: AuthzContext,
  creator: UserRef,
  input: NewApiToken,
  clientAddress: string | null = null,
): Promise<{ token: string; apiToken: ApiToken }> {
  return withTransaction(ctx, async (tx) => {
    const subject = await loadSubject(tx, creator);
    if (!subject) throw notFound(`user ${typeof creator === 'number' ? creator : creator.user.id}`, 'user');
    const userId = subject.user.id;
    const scope = await checkRequestedScope(tx, subject, input.scope ?? null);
    const created = await insertToken(tx, userId, input, scope);
    await recordAudit(tx, {
      actorId: userId,
      action: 'token.create',
      target: { type: 'auth.user', id: userId },
      before: null,
      after: tokenSnapshot(created.apiToken),
      clientAddress,
    });
    return created;
  });
}

async function insertToken(
  ctx: AuthzContext,
  userId: number,
  input: NewApiToken,
  scope: readonly ScopeRow[] | null,
): Promise<{ token: string; apiToken: ApiToken }> {
  const name = input.name.trim();
  if (name.length === 0 || name.length > TOKEN_NAME_MAX)
    throw invalidInput('name', `name must have 1–${TOKEN_NAME_MAX} characters`);
  const now = ctx.now();
  const expiresAt = input.expiresAt === null ? null : input.expiresAt.getTime();
  if (expiresAt !== null && !(expiresAt > now))
    throw invalidInput('expiresAt', 'expiresAt must lie in the future');
  const user = await ctx.db.selectFrom('authz_user').select('id').where('id', '=', userId).executeTakeFirst();
  if (!user) throw notFound(`user ${userId}`, 'user');
  const { count } = await ctx.db
    .selectFrom('authz_api_token')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('user_id', '=', userId)
    .executeTakeFirstOrThrow();
  if (Number(count) >= MAX_TOKENS_PER_USER)
    throw conflict('name', `a user may hold at most ${MAX_TOKENS_PER_USER} API tokens; revoke one first`);
  const token = newSecret();
  const row = await ctx.db
    .insertInto('authz_api_token')
    .values({
      user_id: userId,
      name,
      token_hash: hashSecret(token),
      created_at: now,
      expires_at: expiresAt,
      last_used_at: null,
      scoped: scope === null ? 0 : 1,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  if (scope !== null && scope.length > 0)
    await ctx.db
      .insertInto('authz_api_token_scope')
      .values(scope.map((s) => ({ token_id: row.id, permission_id: s.permissionId, object_id: s.objectId })))
      .execute();
  const entries = input.scope ? scopeEntries(toTokenScope(input.scope)) : null;
  return { token, apiToken: toApiToken(row, entries) };
}
