/**
 * Whether an error means "the database cannot be used right now" (SPEC §5: 503 with
 * Retry-After, never 500) rather than "this query is wrong" (a bug: 500) or "this data
 * conflicts" (409). Connection errors are told apart from query errors by their codes:
 *
 * - PostgreSQL: the server is unreachable or went away (the socket's ECONNREFUSED, ECONNRESET,
 *   ETIMEDOUT…, node-postgres's "Connection terminated…"), SQLSTATE class 08 (connection
 *   exception), 57P01–57P03 (shut down, crashed, starting up) and class 53 (too many
 *   connections, out of memory, disk full).
 * - SQLite: the file is locked by another process for longer than the busy timeout
 *   (SQLITE_BUSY, SQLITE_LOCKED), cannot be opened, read or written (SQLITE_CANTOPEN,
 *   SQLITE_IOERR…, SQLITE_READONLY…, SQLITE_PERM, SQLITE_FULL, SQLITE_PROTOCOL), or its
 *   handle is already closed (a request that outlives shutdown). A corrupt file
 *   (SQLITE_CORRUPT, SQLITE_NOTADB) is not "unavailable": retrying will not help.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth += 1) {
    if (isUnavailableCode((e as { code?: unknown }).code) || UNAVAILABLE_MESSAGES.test(e.message))
      return true;
  }
  return false;
}

/** Seconds a client should wait before trying again (the Retry-After header). */
export function retryAfterSeconds(error: unknown): number {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return 5;
  // Another writer holding the SQLite file is a matter of moments; a server that is down, longer.
  return code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED') ? 1 : 5;
}

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENETDOWN',
]);

const SQLITE_PREFIXES = [
  'SQLITE_BUSY',
  'SQLITE_LOCKED',
  'SQLITE_CANTOPEN',
  'SQLITE_IOERR',
  'SQLITE_READONLY',
  'SQLITE_PERM',
  'SQLITE_FULL',
  'SQLITE_PROTOCOL',
];

function isUnavailableCode(code: unknown): boolean {
  if (typeof code !== 'string') return false;
  if (NETWORK_CODES.has(code)) return true;
  if (SQLITE_PREFIXES.some((prefix) => code.startsWith(prefix))) return true;
  // SQLSTATE: five characters.
  return (
    /^[0-9A-Z]{5}$/.test(code) && (code.startsWith('08') || code.startsWith('53') || /^57P0[123]$/.test(code))
  );
}

/** node-postgres and better-sqlite3 say these in words only (no code). */
const UNAVAILABLE_MESSAGES =
  /^(Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Client was closed and is not queryable|Cannot use a pool after calling end|The database connection is not open|driver has already been destroyed)/;
