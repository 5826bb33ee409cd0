import { availableParallelism } from 'node:os';
import { ConfigError } from '../../config/database-url.ts';

/** SPEC §5: a SIGTERM'd process is gone within this many seconds (`BATTERYDB_SHUTDOWN_S`). */
export const DEFAULT_SHUTDOWN_S = 10;

export function shutdownSeconds(env: NodeJS.ProcessEnv): number {
  const raw = env.BATTERYDB_SHUTDOWN_S?.trim();
  if (raw === undefined || raw === '') return DEFAULT_SHUTDOWN_S;
  const value = Number(raw);
  if (!/^[0-9]+(\.[0-9]+)?$/.test(raw) || value <= 0 || value > 3600)
    throw new ConfigError(`BATTERYDB_SHUTDOWN_S must be a number of seconds (0–3600], got "${raw}"`);
  return value;
}

/** HOST:PORT to listen on (default 127.0.0.1:3000). */
export function listenAddress(env: NodeJS.ProcessEnv): { host: string; port: number } {
  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new ConfigError(`PORT must be an integer 0–65535, got "${env.PORT}"`);
  return { host: env.HOST ?? '127.0.0.1', port };
}

/**
 * How many processes serve (SPEC §7): `WORKERS`, a positive integer, or one per core by
 * default. 1 is a single process with no cluster at all.
 */
export function workerCount(env: NodeJS.ProcessEnv): number {
  const raw = env.WORKERS?.trim();
  if (raw === undefined || raw === '') return availableParallelism();
  const value = Number(raw);
  if (!/^[0-9]+$/.test(raw) || value < 1 || value > 1024)
    throw new ConfigError(`WORKERS must be a whole number of processes (1–1024), got "${raw}"`);
  return value;
}
