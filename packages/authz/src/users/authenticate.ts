import type { AuthzContext } from '../context.ts';
import { MAX_PASSWORD_BYTES } from '../passwords/password-hasher.ts';
import { toUser, type User, usernameKey } from './user.ts';

/**
 * A valid argon2id hash of a random password, verified against when the account is unknown
 * or has no usable password, so that every attempt costs exactly one hash computation and
 * takes the same time (Django does the same: ticket #20760).
 */
let dummyHash: Promise<string> | undefined;
function dummy(ctx: AuthzContext): Promise<string> {
  dummyHash ??= ctx.hasher.hash(`dummy-${Math.random()}-${Date.now()}`);
  return dummyHash;
}

export type AuthenticateResult = { ok: true; user: User } | { ok: false };

/**
 * Checks a username and password. Unknown user, wrong password and inactive user all give
 * `{ ok: false }` after exactly one hash verification; callers must not tell them apart.
 * A hash made with older parameters is upgraded on success.
 */
export async function authenticate(
  ctx: AuthzContext,
  username: string,
  password: string,
): Promise<AuthenticateResult> {
  // Over-long input is refused before any hashing; callers validate it as bad input first.
  if (Buffer.byteLength(password, 'utf8') > MAX_PASSWORD_BYTES) return { ok: false };
  const row = await ctx.db
    .selectFrom('authz_user')
    .selectAll()
    .where('username_key', '=', usernameKey(username))
    .executeTakeFirst();
  const encoded = row?.password_hash ?? (await dummy(ctx));
  const valid = await ctx.hasher.verify(encoded, password);
  if (!row || row.password_hash === null || !valid || row.is_active !== 1) return { ok: false };

  const now = ctx.now();
  const rehashed = ctx.hasher.needsRehash(row.password_hash) ? await ctx.hasher.hash(password) : undefined;
  await ctx.db
    .updateTable('authz_user')
    .set({ last_login: now, ...(rehashed ? { password_hash: rehashed } : {}) })
    .where('id', '=', row.id)
    .execute();
  return { ok: true, user: toUser({ ...row, last_login: now }) };
}
