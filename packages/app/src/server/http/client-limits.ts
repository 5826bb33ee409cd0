import { ConfigError } from '../../config/database-url.ts';

/**
 * How long and how slowly a client may hold a connection (SPEC §5 "Request bodies and headers
 * have time limits"; issue 19: uploads dribbling a few bytes every few seconds, and refused
 * requests whose bodies kept coming, held connections open for minutes). All in milliseconds.
 */
export interface ClientLimits {
  /** The request line and headers must have arrived within this (Node's `headersTimeout`; 408). */
  headersTimeoutMs: number;
  /** The whole request, body included, within this (Node's `requestTimeout`; 408); 0 = none. */
  requestTimeoutMs: number;
  /** A body slower than `minBodyBytesPerS` on average, once `bodyGraceMs` have passed, is cut. */
  minBodyBytesPerS: number;
  bodyGraceMs: number;
  /** A connection with no bytes either way for this long is closed (Fastify's `connectionTimeout`); 0 = none. */
  idleTimeoutMs: number;
  /** An idle keep-alive connection is closed after this (above a load balancer's own idle timeout). */
  keepAliveTimeoutMs: number;
  /** Open connections per client address and process; more are closed at once. 0 = no cap. */
  maxConnectionsPerAddress: number;
}

export const DEFAULT_CLIENT_LIMITS: ClientLimits = {
  headersTimeoutMs: 10_000,
  // A backstop only: a 512 MiB upload at 1 MB/s takes 9 minutes; the rate limit below is what
  // cuts a slow body early.
  requestTimeoutMs: 3_600_000,
  minBodyBytesPerS: 1024,
  bodyGraceMs: 10_000,
  idleTimeoutMs: 120_000,
  // Fastify's default: longer than common load balancers' idle timeouts (60 s), so the balancer,
  // not the server, closes an idle connection (no request sent on a connection closing under it).
  keepAliveTimeoutMs: 72_000,
  maxConnectionsPerAddress: 64,
};

const VARIABLES: Record<keyof ClientLimits, [name: string, unitMs: number]> = {
  headersTimeoutMs: ['BATTERYDB_HEADERS_TIMEOUT_S', 1000],
  requestTimeoutMs: ['BATTERYDB_REQUEST_TIMEOUT_S', 1000],
  minBodyBytesPerS: ['BATTERYDB_MIN_BODY_RATE', 1],
  bodyGraceMs: ['BATTERYDB_BODY_GRACE_S', 1000],
  idleTimeoutMs: ['BATTERYDB_IDLE_TIMEOUT_S', 1000],
  keepAliveTimeoutMs: ['BATTERYDB_KEEP_ALIVE_S', 1000],
  maxConnectionsPerAddress: ['BATTERYDB_MAX_CONNECTIONS_PER_ADDRESS', 1],
};

/**
 * The limits from the environment (seconds, bytes per second, a count); unset ones keep their
 * default. Behind a proxy (`trustProxy`) every connection comes from the proxy, so the
 * per-address cap is off unless set. A bad value stops the start.
 */
export function clientLimitsFromEnv(env: NodeJS.ProcessEnv, trustProxy: boolean): ClientLimits {
  const limits = { ...DEFAULT_CLIENT_LIMITS, maxConnectionsPerAddress: trustProxy ? 0 : 64 };
  for (const [key, [name, unit]] of Object.entries(VARIABLES) as [keyof ClientLimits, [string, number]][]) {
    const raw = env[name]?.trim();
    if (raw === undefined || raw === '') continue;
    const value = Number(raw);
    if (!/^[0-9]+(\.[0-9]+)?$/.test(raw) || !Number.isFinite(value))
      throw new ConfigError(`${name} must be a non-negative number, got "${raw}"`);
    limits[key] = Math.round(value * unit);
  }
  if (limits.headersTimeoutMs <= 0) throw new ConfigError('BATTERYDB_HEADERS_TIMEOUT_S must be above 0');
  if (limits.requestTimeoutMs > 0 && limits.requestTimeoutMs < limits.headersTimeoutMs)
    throw new ConfigError('BATTERYDB_REQUEST_TIMEOUT_S must not be below BATTERYDB_HEADERS_TIMEOUT_S');
  return limits;
}
