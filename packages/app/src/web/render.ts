import type { FastifyReply } from 'fastify';
import type { JSX } from 'preact';
import { renderToString } from 'preact-render-to-string';

/**
 * Sends a page. Preact's renderer escapes every text child and attribute value (DESIGN.md:
 * templates escape by default), so nothing a user typed can become markup; there is no
 * `dangerouslySetInnerHTML` anywhere in the pages.
 */
export function sendPage(reply: FastifyReply, page: JSX.Element, status = 200): FastifyReply {
  return reply
    .code(status)
    .type('text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .send(`<!doctype html>${renderToString(page)}`);
}

/** Post/redirect/get: a successful form post answers 303 See Other, so a reload does not post again. */
export function seeOther(reply: FastifyReply, location: string): FastifyReply {
  return reply.code(303).header('location', location).send();
}
