/**
 * Values as JSON, the same from either dialect and into either: binary columns (BLOB / bytea)
 * as `{"b": base64}`, numbers JSON cannot write as `{"n": "NaN"}`, integers past 2^53 as
 * `{"i": digits}`. Flags are 0/1 and times epoch milliseconds on both dialects (ARCHITECTURE
 * "Database"); a PostgreSQL boolean, timestamp or JSON value, should one appear, becomes 0/1, an
 * ISO string or its JSON text, which both dialects accept back.
 */
export type Encoded = null | number | string | { b: string } | { n: string } | { i: string };

export function encodeValue(value: unknown): Encoded {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : { n: String(value) };
  if (typeof value === 'bigint')
    return Number.isSafeInteger(Number(value)) ? Number(value) : { i: value.toString() };
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (Buffer.isBuffer(value) || value instanceof Uint8Array)
    return { b: Buffer.from(value).toString('base64') };
  if (value instanceof Date) return value.toISOString();
  return JSON.stringify(value);
}

export function decodeValue(value: Encoded): unknown {
  if (value === null || typeof value !== 'object') return value;
  if ('b' in value) return Buffer.from(value.b, 'base64');
  if ('n' in value) return Number(value.n);
  return BigInt(value.i);
}
