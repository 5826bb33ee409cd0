import { createHash } from 'node:crypto';
import type { Expression, ExpressionBuilder, SqlBool } from 'kysely';
import type { AuthzContext } from '../context.ts';
import type { AuthzTables } from '../schema/tables.ts';
import { addressKey } from './client-address.ts';
import { accountDelayMs, accountFailuresThatCount, type ThrottlePolicy } from './throttle-policy.ts';

export interface ThrottleKeys {
  /** The normalised username as typed (known or not, so throttling reveals nothing). */
  readonly account: string;
  /** The client address; null when unknown (then only the pair and account limits apply). */
  readonly address: string | null;
}

export type ThrottleScope = 'pair' | 'address' | 'account';

/** The attempt this sign-in registered; `forgiveAttempt`/`failedAttempt` settle it. */
export interface AttemptTicket {
  readonly id: number;
  readonly accountHash: string;
  readonly address: string | null;
  /** The account, when the typed username names one. */
  readonly userId: number | null;
  /** The account has signed in from this address recently: exempt from address and account limits. */
  readonly known: boolean;
}

export type BeginAttemptResult =
  { ok: true; ticket: AttemptTicket } | { ok: false; retryAfterMs: number; scope: ThrottleScope };

/**
 * The stored form of a typed username: a SHA-256, because people type their password into the
 * username field, and the table must not collect those.
 */
export const accountHash = (account: string) => createHash('sha256').update(account, 'utf8').digest('hex');

/** The attempts that count for `scope`: same account and address, same address, or same account. */
function inScope(scope: ThrottleScope, hash: string, address: string | null) {
  return (eb: ExpressionBuilder<AuthzTables, 'authz_sign_in_attempt'>): Expression<SqlBool> => {
    const parts: Expression<SqlBool>[] = [];
    if (scope !== 'address') parts.push(eb('account_hash', '=', hash));
    if (scope !== 'account')
      parts.push(address === null ? eb('address', 'is', null) : eb('address', '=', address));
    return eb.and(parts);
  };
}

/**
 * Registers an attempt before any password is hashed, then ranks it among the recent ones of
 * its pair, its address and its account (see {@link ThrottlePolicy}). The row is inserted first
 * and the counts taken after, so concurrent attempts in other processes each see a distinct rank
 * and at most the limit get through. A refused attempt is removed again: hammering a locked pair
 * does not extend its lock, and waiting out a delay is not a failure.
 */
export async function beginAttempt(
  ctx: AuthzContext,
  keys: ThrottleKeys,
  policy: ThrottlePolicy,
): Promise<BeginAttemptResult> {
  const now = ctx.now();
  const since = now - policy.windowMs;
  const address = addressKey(keys.address);
  const hash = accountHash(keys.account);
  await ctx.db.deleteFrom('authz_sign_in_attempt').where('at', '<=', since).execute();
  const user = await ctx.db
    .selectFrom('authz_user')
    .select('id')
    .where('username_key', '=', keys.account)
    .executeTakeFirst();
  const userId = user?.id ?? null;
  const known =
    address !== null &&
    userId !== null &&
    (await ctx.db
      .selectFrom('authz_known_client')
      .select('user_id')
      .where('user_id', '=', userId)
      .where('address', '=', address)
      .where('last_success_at', '>', now - policy.knownClientMs)
      .executeTakeFirst()) !== undefined;
  const { id } = await ctx.db
    .insertInto('authz_sign_in_attempt')
    .values({ at: now, account_hash: hash, user_id: userId, address })
    .returning('id')
    .executeTakeFirstOrThrow();
  const ticket: AttemptTicket = { id, accountHash: hash, address, userId, known };

  const earlier = (scope: ThrottleScope, limit: number) =>
    ctx.db
      .selectFrom('authz_sign_in_attempt')
      .select('at')
      .where('id', '<', id)
      .where('at', '>', since)
      .where(inScope(scope, hash, address))
      .orderBy('id', 'desc')
      .limit(limit)
      .execute()
      .then((rows) => rows.map((r) => Number(r.at)));
  // Allowed while fewer than `max` attempts precede this one; else it may retry when the
  // `max`-th most recent of them leaves the window.
  const windowLimit = async (scope: ThrottleScope, max: number) => {
    const times = await earlier(scope, max);
    return times.length >= max ? times[max - 1]! + policy.windowMs - now : 0;
  };
  const waits: [ThrottleScope, number][] = [['pair', await windowLimit('pair', policy.maxPerPair)]];
  if (!known) {
    if (address !== null) waits.push(['address', await windowLimit('address', policy.maxPerAddress)]);
    const times = await earlier('account', accountFailuresThatCount(policy));
    const delay = accountDelayMs(policy, times.length);
    if (delay > 0) waits.push(['account', times[0]! + delay - now]);
  }
  const [scope, retryAfterMs] = waits.reduce((a, b) => (b[1] > a[1] ? b : a));
  if (retryAfterMs <= 0) return { ok: true, ticket };
  await ctx.db.deleteFrom('authz_sign_in_attempt').where('id', '=', id).execute();
  return { ok: false, retryAfterMs, scope };
}

/**
 * After a successful sign-in: the pair's failures are forgiven (the owner's own typos), and the
 * address becomes known for the account. The account's failures from other addresses stay: a
 * guesser elsewhere gains nothing from the owner signing in.
 */
export async function forgiveAttempt(
  ctx: AuthzContext,
  ticket: AttemptTicket,
  userId: number,
  policy: ThrottlePolicy,
): Promise<void> {
  await ctx.db
    .deleteFrom('authz_sign_in_attempt')
    .where(inScope('pair', ticket.accountHash, ticket.address))
    .execute();
  if (ticket.address === null) return;
  const now = ctx.now();
  await ctx.db
    .deleteFrom('authz_known_client')
    .where('user_id', '=', userId)
    .where((eb) =>
      eb.or([eb('address', '=', ticket.address!), eb('last_success_at', '<=', now - policy.knownClientMs)]),
    )
    .execute();
  await ctx.db
    .insertInto('authz_known_client')
    .values({ user_id: userId, address: ticket.address, last_success_at: now })
    .execute();
}

/**
 * After a failure the attempt row stays. Returns the limits this failure made take effect (the
 * pair or address locked, the account's delay begun), for the audit log: the start of a lock is
 * recorded once, not every refused attempt that follows.
 */
export async function failedAttempt(
  ctx: AuthzContext,
  ticket: AttemptTicket,
  policy: ThrottlePolicy,
): Promise<ThrottleScope[]> {
  const since = ctx.now() - policy.windowMs;
  const count = async (scope: ThrottleScope) => {
    const row = await ctx.db
      .selectFrom('authz_sign_in_attempt')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('id', '<=', ticket.id)
      .where('at', '>', since)
      .where(inScope(scope, ticket.accountHash, ticket.address))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  };
  const reached: ThrottleScope[] = [];
  if ((await count('pair')) === policy.maxPerPair) reached.push('pair');
  if (ticket.address !== null && (await count('address')) === policy.maxPerAddress) reached.push('address');
  if ((await count('account')) === policy.accountFreeFailures) reached.push('account');
  return reached;
}
