import { createHash } from 'node:crypto';
import type { Expression, ExpressionBuilder, SqlBool } from 'kysely';
import type { AuthzContext } from '../context.ts';
import type { AuthzTables } from '../schema/tables.ts';
import { addressKey } from './client-address.ts';
import {
  accountDelayMs,
  accountFailuresThatCount,
  DEFAULT_ATTEMPT_TIMEOUT_MS,
  type ThrottlePolicy,
} from './throttle-policy.ts';

export interface ThrottleKeys {
  /** The normalised username as typed (known or not, so throttling reveals nothing). */
  readonly account: string;
  /** The client address; null when unknown (then only the pair and account limits apply). */
  readonly address: string | null;
  /**
   * The account, when the caller already knows it (the second factor's attempts, keyed apart
   * from the password's). Then no address counts as known: the password step made the address
   * known, and a guesser holding the password must not be exempt from the address and account limits.
   */
  readonly userId?: number;
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

/** How often an attempt waiting on others' unsettled attempts looks again. */
const SETTLE_POLL_MS = 20;

/**
 * Registers an attempt before any password is hashed, then ranks it among the recent ones of
 * its pair, its address and its account (see {@link ThrottlePolicy}). The row is inserted first
 * and the counts taken after, so concurrent attempts in other processes each see a distinct
 * rank. Only settled attempts (checked and failed) are failures (issue 19): an attempt that the
 * failures alone let through, but that the attempts still being checked could push over a limit,
 * waits for those to settle — so a burst of right-password sign-ins all get in, and a burst of
 * guesses still gets no more checks than the limit. A refused attempt is removed again:
 * hammering a locked pair does not extend its lock, and waiting out a delay is not a failure.
 */
export async function beginAttempt(
  ctx: AuthzContext,
  keys: ThrottleKeys,
  policy: ThrottlePolicy,
): Promise<BeginAttemptResult> {
  const now = ctx.now();
  const address = addressKey(keys.address);
  const hash = accountHash(keys.account);
  await ctx.db
    .deleteFrom('authz_sign_in_attempt')
    .where('at', '<=', now - policy.windowMs)
    .execute();
  const user =
    keys.userId !== undefined
      ? { id: keys.userId }
      : await ctx.db
          .selectFrom('authz_user')
          .select('id')
          .where('username_key', '=', keys.account)
          .executeTakeFirst();
  const userId = user?.id ?? null;
  const known =
    keys.userId === undefined &&
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
    .values({ at: now, account_hash: hash, user_id: userId, address, settled: 0 })
    .returning('id')
    .executeTakeFirstOrThrow();
  const ticket: AttemptTicket = { id, accountHash: hash, address, userId, known };
  for (;;) {
    const failures = await longestWait(ctx, ticket, policy, 'failures');
    if (failures[1] > 0) {
      await ctx.db.deleteFrom('authz_sign_in_attempt').where('id', '=', id).execute();
      return { ok: false, retryAfterMs: failures[1], scope: failures[0] };
    }
    if ((await longestWait(ctx, ticket, policy, 'failures and unsettled'))[1] <= 0)
      return { ok: true, ticket };
    await new Promise((resolve) => setTimeout(resolve, SETTLE_POLL_MS * (0.5 + Math.random())));
  }
}

/**
 * The longest wait any limit imposes on `ticket`'s attempt, counting the earlier attempts that
 * failed (and those unsettled past the policy's timeout: their process died mid-check), or
 * those and the ones still being checked.
 */
async function longestWait(
  ctx: AuthzContext,
  ticket: AttemptTicket,
  policy: ThrottlePolicy,
  counting: 'failures' | 'failures and unsettled',
): Promise<[ThrottleScope, number]> {
  const now = ctx.now();
  const since = now - policy.windowMs;
  const abandoned = now - (policy.attemptTimeoutMs ?? DEFAULT_ATTEMPT_TIMEOUT_MS);
  const earlier = (scope: ThrottleScope, limit: number) => {
    let query = ctx.db
      .selectFrom('authz_sign_in_attempt')
      .select('at')
      .where('id', '<', ticket.id)
      .where('at', '>', since)
      .where(inScope(scope, ticket.accountHash, ticket.address));
    if (counting === 'failures')
      query = query.where((eb) => eb.or([eb('settled', '=', 1), eb('at', '<=', abandoned)]));
    return query
      .orderBy('id', 'desc')
      .limit(limit)
      .execute()
      .then((rows) => rows.map((r) => Number(r.at)));
  };
  // Allowed while fewer than `max` attempts precede this one; else it may retry when the
  // `max`-th most recent of them leaves the window.
  const windowLimit = async (scope: ThrottleScope, max: number) => {
    const times = await earlier(scope, max);
    return times.length >= max ? times[max - 1]! + policy.windowMs - now : 0;
  };
  const waits: [ThrottleScope, number][] = [['pair', await windowLimit('pair', policy.maxPerPair)]];
  if (!ticket.known) {
    if (ticket.address !== null) waits.push(['address', await windowLimit('address', policy.maxPerAddress)]);
    const times = await earlier('account', accountFailuresThatCount(policy));
    const delay = accountDelayMs(policy, times.length);
    if (delay > 0) waits.push(['account', times[0]! + delay - now]);
  }
  return waits.reduce((a, b) => (b[1] > a[1] ? b : a));
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
  // The pair's failures and this attempt; others of the pair still being checked settle on
  // their own (a concurrent wrong guess still counts).
  await ctx.db
    .deleteFrom('authz_sign_in_attempt')
    .where(inScope('pair', ticket.accountHash, ticket.address))
    .where((eb) => eb.or([eb('settled', '=', 1), eb('id', '=', ticket.id)]))
    .execute();
  if (ticket.address === null) return;
  const now = ctx.now();
  await ctx.db
    .deleteFrom('authz_known_client')
    .where('user_id', '=', userId)
    .where('last_success_at', '<=', now - policy.knownClientMs)
    .execute();
  // An upsert: concurrent sign-ins of one account from one address each write the same row.
  await ctx.db
    .insertInto('authz_known_client')
    .values({ user_id: userId, address: ticket.address, last_success_at: now })
    .onConflict((oc) => oc.columns(['user_id', 'address']).doUpdateSet({ last_success_at: now }))
    .execute();
}

/**
 * After a failure the attempt row stays, settled: now it counts. Returns the limits this failure made take effect (the
 * pair or address locked, the account's delay begun), for the audit log: the start of a lock is
 * recorded once, not every refused attempt that follows.
 */
export async function failedAttempt(
  ctx: AuthzContext,
  ticket: AttemptTicket,
  policy: ThrottlePolicy,
): Promise<ThrottleScope[]> {
  await ctx.db.updateTable('authz_sign_in_attempt').set({ settled: 1 }).where('id', '=', ticket.id).execute();
  const since = ctx.now() - policy.windowMs;
  const count = async (scope: ThrottleScope) => {
    const row = await ctx.db
      .selectFrom('authz_sign_in_attempt')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('settled', '=', 1)
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
