import type { CookieSerializeOptions } from '@fastify/cookie';
import type { FastifyReply } from 'fastify';

/**
 * The session cookie. `__Host-` (with Secure, Path=/ and no Domain) pins it to this exact
 * origin over HTTPS, so a sibling subdomain cannot plant or overwrite it; plain HTTP (local
 * use) cannot carry that prefix.
 */
export function sessionCookieName(secure: boolean): string {
  return secure ? '__Host-batterydb_session' : 'batterydb_session';
}

function options(secure: boolean): CookieSerializeOptions {
  return { httpOnly: true, sameSite: 'lax', secure, path: '/' };
}

export function setSessionCookie(reply: FastifyReply, secure: boolean, token: string, expiresAt: Date): void {
  void reply.setCookie(sessionCookieName(secure), token, {
    ...options(secure),
    expires: expiresAt,
  });
}

export function clearSessionCookie(reply: FastifyReply, secure: boolean): void {
  void reply.clearCookie(sessionCookieName(secure), options(secure));
}

/**
 * The sign-in waiting for its second factor (issue 27) has a cookie of its own: the request
 * gate reads only the session cookie, so this one authenticates nothing but the code step.
 */
export function challengeCookieName(secure: boolean): string {
  return secure ? '__Host-batterydb_sign_in' : 'batterydb_sign_in';
}

export function setChallengeCookie(
  reply: FastifyReply,
  secure: boolean,
  token: string,
  expiresAt: Date,
): void {
  void reply.setCookie(challengeCookieName(secure), token, { ...options(secure), expires: expiresAt });
}

export function clearChallengeCookie(reply: FastifyReply, secure: boolean): void {
  void reply.clearCookie(challengeCookieName(secure), options(secure));
}
