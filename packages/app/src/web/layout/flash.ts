import type { FastifyReply, FastifyRequest } from 'fastify';

/** A one-time message shown on the page a form post redirects to (post/redirect/get). */
export interface Flash {
  kind: 'ok' | 'error';
  text: string;
}

const COOKIE = 'batterydb_flash';
const MAX_TEXT = 300;

/**
 * Set by the handler that redirects; read (and cleared) by the next page. A cookie, not server
 * state, so any worker can show it. It is only ever rendered as escaped text, so a planted
 * cookie can show words but never markup.
 */
export function setFlash(reply: FastifyReply, flash: Flash): void {
  const value = Buffer.from(JSON.stringify({ ...flash, text: flash.text.slice(0, MAX_TEXT) })).toString(
    'base64url',
  );
  void reply.setCookie(COOKIE, value, { path: '/', httpOnly: true, sameSite: 'lax', maxAge: 60 });
}

export function takeFlash(request: FastifyRequest, reply: FastifyReply): Flash | null {
  const raw = request.cookies[COOKIE];
  if (raw === undefined) return null;
  void reply.clearCookie(COOKIE, { path: '/', httpOnly: true, sameSite: 'lax' });
  try {
    const parsed = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as Partial<Flash>;
    if ((parsed.kind === 'ok' || parsed.kind === 'error') && typeof parsed.text === 'string')
      return { kind: parsed.kind, text: parsed.text.slice(0, MAX_TEXT) };
  } catch {
    // a damaged cookie shows nothing
  }
  return null;
}
