import { invalidInput } from '../errors.ts';
import { MAX_PASSWORD_BYTES } from './password-hasher.ts';

/** Minimum length follows NIST SP 800-63B (8 characters); no composition rules. */
export const MIN_PASSWORD_LENGTH = 8;

/** Refuses unusable passwords before any hash is computed. */
export function validateNewPassword(password: unknown, field = 'password'): string {
  if (typeof password !== 'string') throw invalidInput(field, `${field} must be a string`);
  if ([...password].length < MIN_PASSWORD_LENGTH)
    throw invalidInput(field, `${field} must have at least ${MIN_PASSWORD_LENGTH} characters`);
  if (Buffer.byteLength(password, 'utf8') > MAX_PASSWORD_BYTES)
    throw invalidInput(field, `${field} must be at most ${MAX_PASSWORD_BYTES} bytes`);
  return password;
}
