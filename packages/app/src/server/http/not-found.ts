import type { FastifyInstance, FastifyReply, FastifyRequest, HTTPMethods } from 'fastify';
import { HttpProblem, sendProblem } from './problem.ts';

/** How a problem outside `/api` is shown (the pages' HTML error page). */
export type PageProblemSender = (
  request: FastifyRequest,
  reply: FastifyReply,
  problem: HttpProblem,
) => FastifyReply;

const METHODS: HTTPMethods[] = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];

/**
 * Fastify answers 404 when the path exists under another method; HTTP says 405 with an
 * `Allow` header (RFC 9110 §15.5.6). `findRoute` matches a concrete path against the router.
 */
export function installNotFoundHandler(app: FastifyInstance, pages?: PageProblemSender): void {
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0] ?? '/';
    const allowed = METHODS.filter((method) => app.findRoute({ method, url: path }) !== null);
    const problem =
      allowed.length > 0
        ? new HttpProblem('METHOD_NOT_ALLOWED', `${request.method} is not allowed here`, {
            headers: { allow: allowed.join(', ') },
          })
        : new HttpProblem('NOT_FOUND', `there is nothing at ${path}`);
    // Outside /api, a browser (it asks for HTML) gets the same status as a page; scripts and
    // health checkers keep the problem+json answer.
    const wantsPage =
      !path.startsWith('/api/') && path !== '/api' && /text\/html/.test(request.headers.accept ?? '');
    if (pages && wantsPage) return pages(request, reply, problem);
    return sendProblem(reply, problem);
  });
}
