import type { AuthzContext } from '../context.ts';
import { hashSecret, isSecretShaped, newSecret } from '../sessions/secrets.ts';

/** The two steps that wait for the browser: the provider's answer, and the local password. */
export type PendingKind = 'authorize' | 'link';

/**
 * Keeps what a sign-in step needs next under the hash of a fresh random token (the token goes
 * into a cookie bound to the browser and exists nowhere else). Expired rows are swept here.
 */
export async function savePendingLogin(
  ctx: AuthzContext,
  kind: PendingKind,
  data: unknown,
  ttlMs: number,
): Promise<string> {
  const token = newSecret();
  const now = ctx.now();
  await ctx.db.deleteFrom('authz_external_pending').where('expires_at', '<=', now).execute();
  await ctx.db
    .insertInto('authz_external_pending')
    .values({ token_hash: hashSecret(token), kind, data: JSON.stringify(data), expires_at: now + ttlMs })
    .execute();
  return token;
}

/**
 * Takes the pending step once: the row is deleted by the same statement that reads it, so a
 * replayed cookie (or two racing callbacks) finds nothing the second time.
 */
export async function takePendingLogin(
  ctx: AuthzContext,
  kind: PendingKind,
  token: string | undefined,
): Promise<unknown> {
  if (token === undefined || !isSecretShaped(token)) return null;
  const row = await ctx.db
    .deleteFrom('authz_external_pending')
    .where('token_hash', '=', hashSecret(token))
    .where('kind', '=', kind)
    .returning(['data', 'expires_at'])
    .executeTakeFirst();
  if (!row || row.expires_at <= ctx.now()) return null;
  return JSON.parse(row.data) as unknown;
}
