import { AuthzError } from '@batterydb/authz';

/**
 * An opaque keyset cursor: the sort value and id of the last row of a page, as base64url JSON.
 * A cursor that does not decode to that shape is bad input naming `field`, never a fault.
 */
export interface KeysetPosition {
  value: string | number;
  id: number;
}

export function encodeCursor(position: KeysetPosition): string {
  return Buffer.from(JSON.stringify([position.value, position.id]), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string, field = 'after'): KeysetPosition {
  const bad = () => new AuthzError('INVALID_INPUT', `${field} is not a cursor from this list`, field);
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw bad();
  }
  if (
    !Array.isArray(parsed) ||
    parsed.length !== 2 ||
    !(typeof parsed[0] === 'string' || typeof parsed[0] === 'number') ||
    !Number.isSafeInteger(parsed[1])
  )
    throw bad();
  return { value: parsed[0], id: parsed[1] as number };
}
