/**
 * One error base with stable codes (STYLE.md §6). The kit throws these for faults and bad
 * input; the HTTP edge maps `code` to a status once. Expected outcomes (a wrong password, a
 * denied permission) are values, never errors.
 */
export type AuthzErrorCode = 'INVALID_INPUT' | 'NOT_FOUND' | 'CONFLICT' | 'FORBIDDEN' | 'UNAUTHENTICATED';

export class AuthzError extends Error {
  readonly code: AuthzErrorCode;
  /** The input field at fault, when there is one (e.g. `username`). */
  readonly field: string | undefined;

  constructor(code: AuthzErrorCode, message: string, field?: string) {
    super(message);
    this.name = 'AuthzError';
    this.code = code;
    this.field = field;
  }
}

export const invalidInput = (field: string, message: string): AuthzError =>
  new AuthzError('INVALID_INPUT', message, field);
export const notFound = (what: string, field?: string): AuthzError =>
  new AuthzError('NOT_FOUND', `${what} does not exist`, field);
export const conflict = (field: string, message: string): AuthzError =>
  new AuthzError('CONFLICT', message, field);
