import { type TObject, type TProperties, Type } from '@sinclair/typebox';
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from '@batterydb/authz';
import { HttpProblem } from '../http/problem.ts';

/**
 * Every body and query schema is closed (`additionalProperties: false`) and Ajv runs with
 * `removeAdditional: false` and no type coercion: an unknown field is a 400, never silently
 * dropped (no mass assignment), and `"1"` is not the number 1.
 */
export function closed<T extends TProperties>(
  properties: T,
  options: { minProperties?: number } = {},
): TObject<T> {
  return Type.Object(properties, { additionalProperties: false, ...options });
}

const MAX_ID = 2_147_483_647;

/** Ids in paths and queries: decimal digits only (no sign, no leading zero, no `1e3`, no `0x1`). */
export const IdString = Type.String({ pattern: '^[1-9][0-9]{0,9}$', description: 'a positive integer' });
export const IdInteger = Type.Integer({ minimum: 1, maximum: MAX_ID });
export const IdParams = closed({ id: IdString });

/** A validated id string as a number; beyond the integer column's range is bad input too. */
export function toId(value: string, field: string): number {
  const id = Number(value);
  if (!Number.isSafeInteger(id) || id < 1 || id > MAX_ID)
    throw new HttpProblem('INVALID_INPUT', `${field} must be a positive integer`, { field });
  return id;
}

/** The largest page any list gives; the schema says exactly what `toLimit` accepts. */
export const MAX_LIMIT = 100;
export const LimitString = Type.String({
  pattern: '^([1-9][0-9]?|100)$',
  description: `a whole number from 1 to ${MAX_LIMIT} (the page size; default 50)`,
});

/** A validated `limit` (the schema already refused anything but 1–100) as a number. */
export function toLimit(value: string | undefined): number {
  if (value === undefined) return 50;
  const limit = Number(value);
  if (!(limit >= 1 && limit <= MAX_LIMIT))
    throw new HttpProblem('INVALID_INPUT', `limit must be 1–${MAX_LIMIT}`, { field: 'limit' });
  return limit;
}

/** A cursor handed back by a list (`nextCursor`), opaque to clients. */
export const CursorString = Type.String({
  pattern: '^[A-Za-z0-9_-]{1,600}$',
  description: 'the nextCursor of a previous page',
});

export const Timestamp = Type.String({ format: 'date-time' });
export const NullableTimestamp = Type.Union([Timestamp, Type.Null()]);

/**
 * A password being checked (sign-in, the current one): non-empty, at most 1024 characters here
 * and 1024 UTF-8 bytes in the kit — accounts made before the 128-character rule still sign in.
 */
export const PasswordString = Type.String({ minLength: 1, maxLength: 1024 });

/**
 * A password being set: the kit's length rule, so the description says what the server takes.
 * The kit then refuses commonly breached passwords and ones like the username or e-mail.
 */
export const NewPasswordString = Type.String({
  minLength: MIN_PASSWORD_LENGTH,
  maxLength: MAX_PASSWORD_LENGTH,
  description:
    `${MIN_PASSWORD_LENGTH}–${MAX_PASSWORD_LENGTH} characters, not among the most commonly breached ` +
    'passwords, not like the username or e-mail address',
});

export const iso = (date: Date | null): string | null => (date === null ? null : date.toISOString());
