import { createHash } from 'node:crypto';
import type { AuthzContext } from '../context.ts';
import type { ThrottlePolicy } from './throttle-policy.ts';

export interface ThrottleKeys {
  /** The normalised username as typed (known or not, so throttling reveals nothing). */
  readonly account: string;
  /** The client address; null when unknown (then only the account limit applies). */
  readonly address: string | null;
}

/** Attempt rows this sign-in inserted; `settleAttempt` needs them. */
export interface AttemptTicket {
  readonly keys: { readonly scope: 'account' | 'address'; readonly keyHash: string; readonly id: number }[];
}

export type BeginAttemptResult = { ok: true; ticket: AttemptTicket } | { ok: false; retryAfterMs: number };

const keyHash = (key: string) => createHash('sha256').update(key, 'utf8').digest('hex');

/**
 * Registers an attempt before any password is hashed, then ranks it among the recent ones of
 * its account and address. The row is inserted first and the count taken after, so concurrent
 * attempts in other processes each see a distinct rank and at most the limit get through.
 * A refused attempt is removed again: hammering a locked account does not extend its lock.
 */
export async function beginAttempt(
  ctx: AuthzContext,
  keys: ThrottleKeys,
  policy: ThrottlePolicy,
): Promise<BeginAttemptResult> {
  const now = ctx.now();
  const since = now - policy.windowMs;
  await ctx.db.deleteFrom('authz_login_attempt').where('at', '<=', since).execute();
  const scopes = [
    { scope: 'account' as const, keyHash: keyHash(keys.account), max: policy.maxPerAccount },
    ...(keys.address === null
      ? []
      : [{ scope: 'address' as const, keyHash: keyHash(keys.address), max: policy.maxPerAddress }]),
  ];
  const ticket: AttemptTicket = { keys: [] };
  for (const s of scopes) {
    const row = await ctx.db
      .insertInto('authz_login_attempt')
      .values({ scope: s.scope, key_hash: s.keyHash, at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    ticket.keys.push({ scope: s.scope, keyHash: s.keyHash, id: row.id });
  }
  let retryAfterMs = 0;
  for (const [i, s] of scopes.entries()) {
    const earlier = await ctx.db
      .selectFrom('authz_login_attempt')
      .select('at')
      .where('scope', '=', s.scope)
      .where('key_hash', '=', s.keyHash)
      .where('at', '>', since)
      .where('id', '<', ticket.keys[i]!.id)
      .orderBy('id', 'desc')
      .limit(s.max)
      .execute();
    // Allowed while fewer than `max` attempts precede this one; else it may retry when the
    // `max`-th most recent of them leaves the window.
    if (earlier.length >= s.max)
      retryAfterMs = Math.max(retryAfterMs, Number(earlier[s.max - 1]!.at) + policy.windowMs - now);
  }
  if (retryAfterMs > 0) {
    await removeRows(
      ctx,
      ticket.keys.map((k) => k.id),
    );
    return { ok: false, retryAfterMs };
  }
  return { ok: true, ticket };
}

/**
 * After a successful sign-in the account's failures are forgiven and this attempt does not
 * count against the address; after a failure the rows simply stay.
 */
export async function forgiveAttempt(ctx: AuthzContext, ticket: AttemptTicket): Promise<void> {
  const account = ticket.keys.find((k) => k.scope === 'account');
  if (account)
    await ctx.db
      .deleteFrom('authz_login_attempt')
      .where('scope', '=', 'account')
      .where('key_hash', '=', account.keyHash)
      .execute();
  await removeRows(
    ctx,
    ticket.keys.filter((k) => k.scope === 'address').map((k) => k.id),
  );
}

async function removeRows(ctx: AuthzContext, ids: number[]): Promise<void> {
  if (ids.length > 0) await ctx.db.deleteFrom('authz_login_attempt').where('id', 'in', ids).execute();
}
