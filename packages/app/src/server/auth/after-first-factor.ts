import type { FirstFactorOutcome } from '@batterydb/authz';
import type { FastifyReply } from 'fastify';
import { setChallengeCookie, setSessionCookie } from './session-cookie.ts';

/**
 * Hands the browser what the kit's `sessionAfterFirstFactor` decided: the session cookie, or
 * the challenge cookie for the code step (`/sign-in/code`). Every sign-in path (the password
 * pages, an identity provider's callback) ends here, so none of them can skip the factor.
 */
export function afterFirstFactor(
  reply: FastifyReply,
  secure: boolean,
  outcome: FirstFactorOutcome,
): 'signed-in' | 'second-factor' {
  if (outcome.kind === 'session') {
    setSessionCookie(reply, secure, outcome.session.token, outcome.session.expiresAt);
    return 'signed-in';
  }
  setChallengeCookie(reply, secure, outcome.challenge.token, outcome.challenge.expiresAt);
  return 'second-factor';
}
