import type { FastifyReply } from 'fastify';

/**
 * Stable error codes of the HTTP API: clients branch on `code`, never on `detail` (which is
 * for people and may change). Each has one status.
 */
export const PROBLEM_STATUS = {
  INVALID_INPUT: 400,
  INVALID_JSON: 400,
  UNAUTHENTICATED: 401,
  INVALID_CREDENTIALS: 401,
  FORBIDDEN: 403,
  CSRF_FAILED: 403,
  /** A staff account must set up its second factor before anything else (issue 27). */
  SECOND_FACTOR_REQUIRED: 403,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  NOT_ACCEPTABLE: 406,
  CONFLICT: 409,
  /** A withdrawn dataset version (issue 26): it existed, and its data is gone for good. */
  GONE: 410,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  TOO_MANY_ATTEMPTS: 429,
  INTERNAL: 500,
  UNAVAILABLE: 503,
} as const;

export type ProblemCode = keyof typeof PROBLEM_STATUS;

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  409: 'Conflict',
  410: 'Gone',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/** An RFC 9457 problem details body, plus our stable `code` and the input `field` at fault. */
export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: ProblemCode;
  field?: string;
  /** Every invalid field when there are several (SPEC §8); `field` is the first of them. */
  errors?: { field: string; message: string }[];
}

/** An error that already knows its HTTP answer; thrown by routes and hooks, sent by the error handler. */
export class HttpProblem extends Error {
  readonly code: ProblemCode;
  readonly status: number;
  readonly field: string | undefined;
  readonly headers: Record<string, string>;
  readonly errors: ProblemBody['errors'];

  constructor(
    code: ProblemCode,
    detail: string,
    options: { field?: string; headers?: Record<string, string>; errors?: ProblemBody['errors'] } = {},
  ) {
    super(detail);
    this.name = 'HttpProblem';
    this.code = code;
    this.status = PROBLEM_STATUS[code];
    this.field = options.field;
    this.headers = options.headers ?? {};
    this.errors = options.errors;
  }
}

export function problemBody(
  code: ProblemCode,
  detail: string,
  field?: string,
  errors?: ProblemBody['errors'],
): ProblemBody {
  const status = PROBLEM_STATUS[code];
  return {
    type: `urn:batterydb:problem:${code.toLowerCase().replaceAll('_', '-')}`,
    title: TITLES[status] ?? 'Error',
    status,
    detail,
    code,
    ...(field === undefined ? {} : { field }),
    ...(errors === undefined ? {} : { errors }),
  };
}

export function sendProblem(reply: FastifyReply, problem: HttpProblem): FastifyReply {
  for (const [name, value] of Object.entries(problem.headers)) void reply.header(name, value);
  return reply
    .code(problem.status)
    .type('application/problem+json; charset=utf-8')
    .send(problemBody(problem.code, problem.message, problem.field, problem.errors));
}
