import type { FastifyReply, FastifyRequest } from 'fastify';
import { toProblem } from '../server/http/error-handler.ts';
import type { HttpProblem } from '../server/http/problem.ts';
import { ErrorPage } from './layout/error-page.tsx';
import { forbiddenHelp } from './layout/forbidden-help.ts';
import { pageContext } from './page-context.ts';
import { sendPage, seeOther } from './render.ts';

/** Only relative paths of this site may be a `next` after sign-in (no open redirect). */
export function safeNext(value: unknown): string {
  return typeof value === 'string' && /^\/(?![/\\])[\x21-\x7e]*$/.test(value) ? value : '/experiments';
}

/** A problem as an HTML page with the problem's status (the API's status for the same request). */
export function sendProblemPage(
  request: FastifyRequest,
  reply: FastifyReply,
  problem: HttpProblem,
): FastifyReply {
  for (const [name, value] of Object.entries(problem.headers)) void reply.header(name, value);
  const detail =
    problem.status >= 500 ? 'The server could not complete the request. Please try again.' : problem.message;
  return sendPage(
    reply,
    <ErrorPage
      ctx={pageContext(request, reply)}
      status={problem.status}
      detail={detail}
      help={problem.status === 403 ? forbiddenHelp(request.routeOptions.config?.access) : null}
    />,
    problem.status,
  );
}

/**
 * The page plugin's error handler: one mapping (`toProblem`, the API's), rendered as a page.
 * A signed-out reader asking for a page is sent to sign in and brought back afterwards.
 */
export function pageErrorHandler(error: unknown, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const problem = toProblem(error);
  if (problem.status >= 500) request.log.error({ err: error }, 'page failed');
  if (problem.code === 'UNAUTHENTICATED' && request.method === 'GET')
    return seeOther(reply, `/sign-in?next=${encodeURIComponent(safeNext(request.url))}`);
  return sendProblemPage(request, reply, problem);
}
