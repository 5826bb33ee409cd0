import type { FastifyInstance, HTTPMethods } from 'fastify';
import { HttpProblem, sendProblem } from './problem.ts';

const METHODS: HTTPMethods[] = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];

/**
 * Fastify answers 404 when the path exists under another method; HTTP says 405 with an
 * `Allow` header (RFC 9110 §15.5.6). `findRoute` matches a concrete path against the router.
 */
export function installNotFoundHandler(app: FastifyInstance): void {
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0] ?? '/';
    const allowed = METHODS.filter((method) => app.findRoute({ method, url: path }) !== null);
    if (allowed.length > 0)
      return sendProblem(
        reply,
        new HttpProblem('METHOD_NOT_ALLOWED', `${request.method} is not allowed here`, {
          headers: { allow: allowed.join(', ') },
        }),
      );
    return sendProblem(reply, new HttpProblem('NOT_FOUND', `there is nothing at ${path}`));
  });
}
