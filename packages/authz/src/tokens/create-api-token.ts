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

/**
 * Creates a personal API token. The secret is returned here and never again: only its
 * SHA-256 is stored. `expiresAt` must lie in the future; null means no expiry.
 * The token and its audit entry commit together.
 */
export function createApiToken(
  ctx: AuthzContext,
  userId: number,
  input: { name: string; expiresAt: Date | null },
  clientAddress: string | null = null,
): Promise<{ token: string; apiToken: ApiToken }> {
  return withTransaction(ctx, async (tx) => {
    const created = await insertToken(tx, userId, input);
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
  input: { name: string; expiresAt: Date | null },
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
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return { token, apiToken: toApiToken(row) };
}
