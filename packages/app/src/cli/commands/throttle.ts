import { DEFAULT_THROTTLE_POLICY, type ThrottledAccount, type ThrottlePolicy } from '@batterydb/authz';
import type { AppAuthz } from '../../authz/create-app-authz.ts';

export interface ThrottleOptions {
  user?: string;
  address?: string;
  all?: boolean;
}

const who = (a: ThrottledAccount) => a.username ?? `(no such user, key ${a.hash.slice(0, 12)})`;
const when = (d: Date | null) => (d === null ? '-' : d.toISOString());

/**
 * `throttle list`: what sign-in throttling holds now — locked (account, address) pairs, locked
 * addresses, accounts whose unknown addresses must wait — as lines an operator can read.
 */
export async function throttleList(
  authz: AppAuthz,
  options: ThrottleOptions,
  policy: ThrottlePolicy = DEFAULT_THROTTLE_POLICY,
): Promise<string[]> {
  const status = await authz.throttleStatus(policy, {
    ...(options.user === undefined ? {} : { username: options.user }),
    ...(options.address === undefined ? {} : { address: options.address }),
  });
  if (status.pairs.length === 0) return ['No failed sign-ins in the last window: nothing is throttled.'];
  const minutes = policy.windowMs / 60_000;
  return [
    `Failed sign-ins in the last ${minutes} minutes (limits: ${policy.maxPerPair} per account and address, ` +
      `${policy.maxPerAddress} per address, a delay per account after ${policy.accountFreeFailures}):`,
    'account and address — failures — locked until',
    ...status.pairs.map(
      (p) =>
        `  ${who(p.account)} from ${p.address ?? '(unknown address)'} — ${p.failures} — ${when(p.lockedUntil)}`,
    ),
    'address — failures — locked (for accounts not known there) until',
    ...status.addresses.map((a) => `  ${a.address} — ${a.failures} — ${when(a.lockedUntil)}`),
    'account — failures from all addresses — delay for unknown addresses — next attempt at',
    ...status.accounts.map(
      (a) => `  ${who(a.account)} — ${a.failures} — ${a.delayMs / 1000} s — ${when(a.nextAttemptAt)}`,
    ),
  ];
}

/** `throttle reset`: forgets the failures of an account and/or an address (or all), lifting their locks. */
export async function throttleReset(authz: AppAuthz, options: ThrottleOptions): Promise<string> {
  const forgotten = await authz.resetThrottle({
    ...(options.user === undefined ? {} : { username: options.user }),
    ...(options.address === undefined ? {} : { address: options.address }),
    ...(options.all ? { all: true } : {}),
  });
  return `${forgotten} failed sign-in${forgotten === 1 ? '' : 's'} forgotten; their locks and delays are lifted.`;
}
