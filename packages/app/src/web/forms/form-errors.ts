import { AuthzError } from '@batterydb/authz';
import { toProblem } from '../../server/http/error-handler.ts';
import type { HttpProblem } from '../../server/http/problem.ts';
import { InvalidFields } from '../../validation/invalid-fields.ts';

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
  // Every invalid field at once when the domain found several (SPEC §8), else the one named.
  const problems =
    error instanceof InvalidFields
      ? error.problems
      : problem.field !== undefined
        ? [{ field: problem.field, message: problem.message }]
        : [];
  const fields: FieldErrors = {};
  for (const p of problems)
    if (knownFields.includes(p.field) && fields[p.field] === undefined)
      fields[p.field] = inWords(p.field, p.message, labels);
  const marked = Object.keys(fields).length;
  const unmarked = problems.filter((p) => !knownFields.includes(p.field));
  // The words go beside the fields (named as their labels say, not as the API spells them); the
  // top of the form only points there, or says what no field carries.
  return {
    status: problem.status,
    message:
      unmarked.length > 0 || marked === 0
        ? (unmarked[0]?.message ?? problem.message)
        : marked === 1
          ? 'Please correct the field marked below.'
          : `Please correct the ${marked} fields marked below.`,
    detail: marked > 0 ? Object.values(fields).join('; ') : problem.message,
    fields,
  };
}

/** "temperatureMin must be a number" → "Temperature from (°C) must be a number". */
function inWords(field: string, message: string, labels: Readonly<Record<string, string>>): string {
  const label = labels[field];
  return label && message.startsWith(field) ? label + message.slice(field.length) : message;
}

/** A field error found by the page itself (e.g. "not a number") before the domain is asked. */
export class FormInputError extends AuthzError {
  constructor(field: string, message: string) {
    super('INVALID_INPUT', message, field);
  }
}
