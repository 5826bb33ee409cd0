import { AuthzError } from '@batterydb/authz';
import { toProblem } from '../../server/http/error-handler.ts';
import type { HttpProblem } from '../../server/http/problem.ts';

/** Messages by form field name (the API's problem `field`, camelCase). */
export type FieldErrors = Record<string, string>;

/** What a form shows after a refused post: the status, the message, and which field it is about. */
export interface FormFailure {
  status: number;
  /** What the top of the form says: the problem, or a pointer to the marked field. */
  message: string;
  /** The problem's own words (for a one-line message after a redirect). */
  detail: string;
  fields: FieldErrors;
}

/** Problems a form shows beside its fields; anything else becomes an error page. */
const FORM_CODES = new Set<HttpProblem['code']>([
  'INVALID_INPUT',
  'CONFLICT',
  'FORBIDDEN',
  'TOO_MANY_ATTEMPTS',
]);

/**
 * The domain's (or the edge's) error as a form failure: the same mapping as the API (one
 * `toProblem`), so a page and the API answer the same status with the same words. NOT_FOUND
 * and faults are rethrown: a page never turns "not found" into anything else.
 */
export function formFailure(
  error: unknown,
  knownFields: readonly string[],
  labels: Readonly<Record<string, string>> = {},
): FormFailure {
  if (!(error instanceof AuthzError) && !(error instanceof Error && error.name === 'HttpProblem'))
    throw error;
  const problem = toProblem(error);
  if (!FORM_CODES.has(problem.code)) throw error;
  const field = problem.field !== undefined && knownFields.includes(problem.field) ? problem.field : null;
  // The words go beside the field (named as its label says, not as the API spells it); the top
  // of the form only points there.
  const label = field ? labels[field] : undefined;
  const words =
    field && label && problem.message.startsWith(field)
      ? label + problem.message.slice(field.length)
      : problem.message;
  return {
    status: problem.status,
    message: field ? 'Please correct the field marked below.' : problem.message,
    detail: problem.message,
    fields: field ? { [field]: words } : {},
  };
}

/** A field error found by the page itself (e.g. "not a number") before the domain is asked. */
export class FormInputError extends AuthzError {
  constructor(field: string, message: string) {
    super('INVALID_INPUT', message, field);
  }
}
