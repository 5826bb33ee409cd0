import type { ThrottlePolicy } from '../throttle/throttle-policy.ts';
import type { SessionPolicy } from './session-policy.ts';

/** The policies every password or code check runs under: the session it starts, the throttle it obeys. */
export interface SignInPolicies {
  readonly session: SessionPolicy;
  readonly throttle: ThrottlePolicy;
}
