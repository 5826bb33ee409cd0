import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ServerSettings } from '../app-settings.ts';
import { HttpProblem } from '../http/problem.ts';
import { decideAccess, SAFE_METHODS } from './access-decision.ts';
import { checkCsrf } from './csrf.ts';
import { ENROLMENT_PAGE, mustEnrolFirst } from './second-factor-gate.ts';
import { clearSessionCookie, sessionCookieName } from './session-cookie.ts';

const BEARER = /^Bearer ([A-Za-z0-9_-]{1,200})$/i;

/**
 * Who is calling: a Bearer token (scripts) or the session cookie (browsers). A token that is
 * presented but invalid is an error (401), not a silent fall back to anonymous; a dead session
 * cookie is cleared and the caller is anonymous.
 */
async function resolveCaller(
  app: FastifyInstance,
  request: FastifyRequest,
  reply: FastifyReply,
  settings: ServerSettings,
): Promise<void> {
  const { authz } = app.batterydb;
  const header = request.headers.authorization;
  // One statement each: the credential, its user's row and the stored authorization generation;
  // the user's permissions come from the kit's cache while nothing changed (SPEC §3.5).
  if (header !== undefined) {
    const token = BEARER.exec(header)?.[1];
    const valid = token === undefined ? null : await authz.authenticateApiToken(token);
    if (!valid)
      throw new HttpProblem('UNAUTHENTICATED', 'the API token is invalid or expired', {
        headers: { 'www-authenticate': 'Bearer error="invalid_token"' },
      });
    request.credential = { kind: 'token', token: valid.token };
    request.subject = valid.subject;
    return;
  }
  const cookie = request.cookies[sessionCookieName(settings.secureCookies)];
  if (cookie === undefined) return;
  const valid = await authz.authenticateSession(cookie, settings.session);
  if (!valid) {
    clearSessionCookie(reply, settings.secureCookies);
    return;
  }
  request.credential = { kind: 'session', session: valid.session, token: cookie };
  request.subject = valid.subject;
}

/**
 * The authentication and access gate, as an `onRequest` hook: it runs before the body is even
 * read, so an anonymous caller cannot make the server parse or validate anything (and gets 401,
 * not 400, for a bad body). Routes find the caller in `request.subject`.
 */
export function installAuthentication(app: FastifyInstance, settings: ServerSettings): void {
  app.decorateRequest('subject', null);
  app.decorateRequest('credential', null);
  app.addHook('onRequest', async (request, reply) => {
    const access = request.routeOptions.config?.access;
    if (!access) return; // no route here: the not-found handler answers 404 or 405
    await resolveCaller(app, request, reply, settings);
    checkCsrf(request);
    if (mustEnrolFirst(request, settings) && request.routeOptions.config.enrolment !== true) {
      // Public routes see a visitor (the sign-in page, assets); everything else is refused —
      // pages by a redirect to the enrolment page, the API by a problem naming it.
      if (access.kind === 'public') request.subject = null;
      else if (request.method === 'GET' && !request.url.startsWith('/api/'))
        return reply.redirect(ENROLMENT_PAGE, 303);
      else
        throw new HttpProblem(
          'SECOND_FACTOR_REQUIRED',
          `staff accounts must set up two-factor sign-in first, at ${ENROLMENT_PAGE}`,
        );
    }
    const outcome = decideAccess(access, request.subject, {
      safeMethod: SAFE_METHODS.has(request.method),
      anonymousRead: settings.anonymousRead,
    });
    if (outcome === 'unauthenticated') throw new HttpProblem('UNAUTHENTICATED', 'sign in first');
    if (outcome === 'forbidden') {
      const staff = access.kind === 'staff' && !request.subject?.user.isStaff;
      const needs = 'permission' in access ? access.permission : 'another permission';
      throw new HttpProblem(
        'FORBIDDEN',
        staff
          ? 'this is for staff accounts'
          : `this needs the permission ${needs}, which your account does not hold`,
      );
    }
  });
}
