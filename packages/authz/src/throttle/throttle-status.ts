import { recordAudit } from '../audit/record-audit.ts';
import type { AuthzContext } from '../context.ts';
import { invalidInput } from '../errors.ts';
import { withTransaction } from '../sessions/with-transaction.ts';
import { usernameKey } from '../users/user.ts';
import { addressKey } from './client-address.ts';
import { accountHash } from './login-throttle.ts';
import { accountDelayMs, type ThrottlePolicy } from './throttle-policy.ts';

/** Whose failures: the account's username when the typed name is one, else a hash prefix. */
export interface ThrottledAccount {
  readonly userId: number | null;
  readonly username: string | null;
  readonly hash: string;
}

export interface ThrottleStatus {
  /** (account, address) pairs with failures in the window; `lockedUntil` when the pair is locked. */
  readonly pairs: {
    account: ThrottledAccount;
    address: string | null;
    failures: number;
    lockedUntil: Date | null;
  }[];
  /** Addresses with failures; `lockedUntil` when locked for accounts not known there. */
  readonly addresses: { address: string; failures: number; lockedUntil: Date | null }[];
  /** Accounts with failures across addresses; `nextAttemptAt` when unknown addresses must wait. */
  readonly accounts: {
    account: ThrottledAccount;
    failures: number;
    delayMs: number;
    nextAttemptAt: Date | null;
  }[];
}

/** Which attempts: one account (by username, known or not) and/or one address; none means all. */
export interface ThrottleFilter {
  readonly username?: string;
  readonly address?: string;
}

type Row = {
  at: number;
  account_hash: string;
  address: string | null;
  user_id: number | null;
  username: string | null;
};

/** The `max`-th most recent failure's time plus the window, when there are `max` of them. */
function lockEnd(times: number[], max: number, policy: ThrottlePolicy): Date | null {
  if (times.length < max) return null;
  return new Date(times.sort((a, b) => b - a)[max - 1]! + policy.windowMs);
}

function groupBy<K>(rows: Row[], key: (row: Row) => K): Map<K, Row[]> {
  const groups = new Map<K, Row[]>();
  for (const row of rows) groups.set(key(row), [...(groups.get(key(row)) ?? []), row]);
  return groups;
}

/**
 * What throttling holds right now (for operators: `batterydb throttle list`). Only live state:
 * attempts older than the window no longer count and are not shown.
 */
export async function throttleStatus(
  ctx: AuthzContext,
  policy: ThrottlePolicy,
  filter: ThrottleFilter = {},
): Promise<ThrottleStatus> {
  const now = ctx.now();
  let query = ctx.db
    .selectFrom('authz_sign_in_attempt as a')
    .leftJoin('authz_user as u', 'u.id', 'a.user_id')
    .select(['a.at', 'a.account_hash', 'a.address', 'a.user_id', 'u.username'])
    .where('a.at', '>', now - policy.windowMs);
  if (filter.username !== undefined)
    query = query.where('a.account_hash', '=', accountHash(usernameKey(filter.username)));
  if (filter.address !== undefined) query = query.where('a.address', '=', addressKey(filter.address));
  const rows = (await query.orderBy('a.id').execute()).map((r) => ({ ...r, at: Number(r.at) }));
  const accountOf = (row: Row): ThrottledAccount => ({
    userId: row.user_id,
    username: row.username,
    hash: row.account_hash,
  });
  const stillAhead = (date: Date | null) => (date !== null && date.getTime() > now ? date : null);
  return {
    pairs: [...groupBy(rows, (r) => `${r.account_hash} ${r.address ?? ''}`).values()].map((group) => ({
      account: accountOf(group[0]!),
      address: group[0]!.address,
      failures: group.length,
      lockedUntil: stillAhead(
        lockEnd(
          group.map((r) => r.at),
          policy.maxPerPair,
          policy,
        ),
      ),
    })),
    addresses: [
      ...groupBy(
        rows.filter((r) => r.address !== null),
        (r) => r.address!,
      ).entries(),
    ].map(([address, group]) => ({
      address,
      failures: group.length,
      lockedUntil: stillAhead(
        lockEnd(
          group.map((r) => r.at),
          policy.maxPerAddress,
          policy,
        ),
      ),
    })),
    accounts: [...groupBy(rows, (r) => r.account_hash).values()].map((group) => {
      const delayMs = accountDelayMs(policy, group.length);
      const last = Math.max(...group.map((r) => r.at));
      return {
        account: accountOf(group[0]!),
        failures: group.length,
        delayMs,
        nextAttemptAt: delayMs > 0 ? stillAhead(new Date(last + delayMs)) : null,
      };
    }),
  };
}

/**
 * Forgets the failures of one account and/or one address (`{}` with `all: true` forgets
 * everything), lifting their locks and delays at once. Audited, with what was forgotten.
 * Returns how many attempts were forgotten.
 */
export async function resetThrottle(
  ctx: AuthzContext,
  filter: ThrottleFilter & { all?: boolean },
  actorId: number | null = null,
): Promise<number> {
  if (filter.username === undefined && filter.address === undefined && filter.all !== true)
    throw invalidInput('filter', 'name an account or an address, or reset all');
  return withTransaction(ctx, async (tx) => {
    let query = tx.db.deleteFrom('authz_sign_in_attempt');
    if (filter.username !== undefined)
      query = query.where('account_hash', '=', accountHash(usernameKey(filter.username)));
    if (filter.address !== undefined) query = query.where('address', '=', addressKey(filter.address));
    const forgotten = Number((await query.executeTakeFirst()).numDeletedRows);
    const user =
      filter.username === undefined
        ? undefined
        : await tx.db
            .selectFrom('authz_user')
            .select('id')
            .where('username_key', '=', usernameKey(filter.username))
            .executeTakeFirst();
    await recordAudit(tx, {
      actorId,
      action: 'auth.throttle_reset',
      target: { type: 'auth.user', id: user?.id ?? null },
      before: { attempts: forgotten },
      after: {
        account: user ? filter.username : filter.username === undefined ? null : 'an unknown username',
        address: filter.address === undefined ? null : addressKey(filter.address),
      },
    });
    return forgotten;
  });
}
