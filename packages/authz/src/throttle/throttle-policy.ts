/**
 * Sign-in throttling (OWASP ASVS 4.0.3 V2.2.1, OWASP Authentication Cheat Sheet), built so that
 * a stranger cannot turn it into a lockout (SPEC §5):
 *
 * - per (account, address) pair: `maxPerPair` failures in the window lock that pair only — a
 *   guesser at one address locks itself out, not the owner at theirs;
 * - per address: `maxPerAddress` failures in the window (any accounts) lock the address for
 *   accounts that have not signed in from it before — one address spraying many accounts is
 *   stopped, while the people who use that address (a NAT, a lab) keep signing in;
 * - per account across addresses: past `accountFreeFailures`, every attempt from an address the
 *   account has not signed in from must wait a delay that doubles with each failure, from
 *   `accountBaseDelayMs` up to `accountMaxDelayMs` — guessing from many addresses is slowed to
 *   a trickle, but the account is never locked, and its owner at a known address is not slowed.
 *
 * "Known" means a successful sign-in of that account from that address within `knownClientMs`.
 * Attempts are rows in the database, so the limits hold across processes.
 */
export interface ThrottlePolicy {
  readonly windowMs: number;
  readonly maxPerPair: number;
  readonly maxPerAddress: number;
  readonly accountFreeFailures: number;
  readonly accountBaseDelayMs: number;
  readonly accountMaxDelayMs: number;
  readonly knownClientMs: number;
  /**
   * An attempt still unsettled after this long (its process died while checking the password)
   * counts as a failure (default {@link DEFAULT_ATTEMPT_TIMEOUT_MS}).
   */
  readonly attemptTimeoutMs?: number;
}

export const DEFAULT_ATTEMPT_TIMEOUT_MS = 10_000;

const MINUTE = 60 * 1000;

export const DEFAULT_THROTTLE_POLICY: ThrottlePolicy = {
  windowMs: 15 * MINUTE,
  maxPerPair: 5,
  maxPerAddress: 30,
  // Above `maxPerPair`, so one guessing address (locked by its pair after 5) never slows the
  // owner elsewhere; only guessing from several addresses does. At the capped delay a sustained
  // attack gets about 60 attempts an hour, under ASVS 2.2.1's 100 per account.
  accountFreeFailures: 10,
  accountBaseDelayMs: 2000,
  accountMaxDelayMs: MINUTE,
  knownClientMs: 30 * 24 * 60 * MINUTE,
  attemptTimeoutMs: DEFAULT_ATTEMPT_TIMEOUT_MS,
};

/** The wait after `failures` failures across addresses: 0 until the free ones are used, then doubling, capped. */
export function accountDelayMs(policy: ThrottlePolicy, failures: number): number {
  if (failures < policy.accountFreeFailures) return 0;
  const doublings = Math.min(failures - policy.accountFreeFailures, 30);
  return Math.min(policy.accountBaseDelayMs * 2 ** doublings, policy.accountMaxDelayMs);
}

/** How many of an account's recent failures matter: enough to reach the capped delay. */
export function accountFailuresThatCount(policy: ThrottlePolicy): number {
  const steps = Math.ceil(Math.log2(Math.max(1, policy.accountMaxDelayMs / policy.accountBaseDelayMs)));
  return policy.accountFreeFailures + steps + 1;
}
