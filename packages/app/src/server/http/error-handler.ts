import { AuthzError, type AuthzErrorCode } from '@batterydb/authz';
import type { FastifyError, FastifyInstance } from 'fastify';
import { isDatabaseUnavailable, retryAfterSeconds } from '../../db/database-unavailable.ts';
import { HttpProblem, type ProblemCode, sendProblem } from './problem.ts';
import { validationProblem } from './validation-problem.ts';
import { InvalidFields } from '../../validation/invalid-fields.ts';

/** The kit's codes and their HTTP meaning (STYLE.md §6: one mapping, at the edge). */
const AUTHZ_CODES: Record<AuthzErrorCode, ProblemCode> = {
  INVALID_INPUT: 'INVALID_INPUT',
  NOT_FOUND: 'NOT_FOUND',
  CONFLICT: 'CONFLICT',
  FORBIDDEN: 'FORBIDDEN',
  UNAUTHENTICATED: 'UNAUTHENTICATED',
};

/** Fastify's own errors that reach us, by code. */
const FASTIFY_CODES: Record<string, ProblemCode> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'INVALID_INPUT',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'INVALID_JSON',
  FST_ERR_CTP_INVALID_JSON_BODY: 'INVALID_JSON',
};

const FALLBACK: Record<number, ProblemCode> = {
  400: 'INVALID_INPUT',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  406: 'NOT_ACCEPTABLE',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'TOO_MANY_ATTEMPTS',
  503: 'UNAVAILABLE',
};

/** Turns any error into `application/problem+json`; the only place that knows how. */
export function toProblem(error: unknown): HttpProblem {
  if (error instanceof HttpProblem) return error;
  // Several invalid fields: all of them, so a client can mark each (the first stays `field`).
  if (error instanceof InvalidFields && error.problems.length > 1)
    return new HttpProblem('INVALID_INPUT', error.message, {
      field: error.problems[0]!.field,
      errors: error.problems.map(({ field, message }) => ({ field, message })),
    });
  if (error instanceof AuthzError)
    return new HttpProblem(AUTHZ_CODES[error.code], error.message, error.field ? { field: error.field } : {});
  const fastifyError = error as Partial<FastifyError>;
  if (fastifyError.validation) return validationProblem(fastifyError as FastifyError);
  const byCode = fastifyError.code ? FASTIFY_CODES[fastifyError.code] : undefined;
  if (byCode)
    return new HttpProblem(
      byCode,
      fastifyError.message ?? byCode,
      byCode === 'INVALID_JSON' ? { field: 'body' } : {},
    );
  const status = fastifyError.statusCode ?? 500;
  const fallback = FALLBACK[status];
  if (fallback && status < 500) return new HttpProblem(fallback, fastifyError.message ?? fallback);
  // SPEC §5: the database being away is 503 with Retry-After, on every route, never 500.
  if (isDatabaseUnavailable(error))
    return new HttpProblem('UNAVAILABLE', 'the database is unavailable right now; try again shortly', {
      headers: { 'retry-after': String(retryAfterSeconds(error)) },
    });
  return new HttpProblem('INTERNAL', 'the server could not complete the request');
}

export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error, request, reply) => {
    const problem = toProblem(error);
    // Faults are logged with their stack; the client sees only the generic detail. An outage
    // is logged too, without the alarm of a bug.
    if (problem.code === 'UNAVAILABLE') request.log.warn({ err: error }, 'database unavailable');
    else if (problem.status >= 500) request.log.error({ err: error }, 'request failed');
    return sendProblem(reply, problem);
  });
}
