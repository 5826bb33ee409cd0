import { sameSecret } from '@batterydb/authz';
import type { FastifyRequest } from 'fastify';
import { HttpProblem } from '../http/problem.ts';
import { SAFE_METHODS } from './access-decision.ts';

/**
 * CSRF defence for cookie-authenticated requests (OWASP CSRF Cheat Sheet, synchronizer token):
 * every unsafe request signed in by the session cookie must echo the session's CSRF token in
 * `x-csrf-token`. A cross-site page can make the browser send the cookie, but can neither read
 * the token nor set a custom header without a CORS preflight, which this server never grants.
 * Bearer-token requests carry no ambient credential and need no token. Browsers that say a
 * request is cross-site (`Sec-Fetch-Site`) are refused outright, which also covers sign-in
 * (login CSRF), where there is no session yet.
 */
export function checkCsrf(request: FastifyRequest): void {
  if (SAFE_METHODS.has(request.method)) return;
  if (request.headers['sec-fetch-site'] === 'cross-site')
    throw new HttpProblem('CSRF_FAILED', 'cross-site requests may not change anything');
  if (request.credential?.kind !== 'session') return;
  // HTML forms cannot send a header: the page plugin checks their hidden field once the body is read.
  if (request.routeOptions.config?.csrf === 'form') return;
  const sent = request.headers['x-csrf-token'];
  // Compared in constant time: the token is a secret, and `===` would leak its prefix by timing.
  if (typeof sent !== 'string' || !sameSecret(sent, request.credential.session.csrfToken))
    throw new HttpProblem('CSRF_FAILED', 'missing or wrong x-csrf-token header', { field: 'x-csrf-token' });
}
