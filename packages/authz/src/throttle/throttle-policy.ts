/**
 * Failed sign-ins allowed in a sliding window, per account and per client address (OWASP
 * Authentication Cheat Sheet, "Protect against automated attacks"). The account limit stops
 * guessing one password from many addresses; the address limit stops one address spraying
 * many accounts. Attempts are rows in the database, so the limits hold across processes.
 */
export interface ThrottlePolicy {
  readonly windowMs: number;
  readonly maxPerAccount: number;
  readonly maxPerAddress: number;
}

export const DEFAULT_THROTTLE_POLICY: ThrottlePolicy = {
  windowMs: 15 * 60 * 1000,
  maxPerAccount: 5,
  maxPerAddress: 30,
};
