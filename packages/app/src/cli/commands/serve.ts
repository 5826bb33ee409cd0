import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { ConfigError, redactDatabaseUrl } from '../../config/database-url.ts';
import { startImportRecovery } from '../../imports/recover-imports.ts';
import { buildApp } from '../../server/build-app.ts';
import { shutDown } from '../../server/shutdown.ts';
import { openApp } from '../open-app.ts';

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

/**
 * Migrates, recovers abandoned imports, then listens on HOST:PORT (default 127.0.0.1:3000).
 * SIGTERM/SIGINT shut this process down on its own (server/shutdown.ts): a cluster primary
 * only has to pass the signal on to its workers.
 */
export async function serve(env = process.env, version = '0'): Promise<FastifyInstance> {
  const limitS = shutdownSeconds(env);
  const host = env.HOST ?? '127.0.0.1';
  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new ConfigError(`PORT must be an integer 0–65535, got "${env.PORT}"`);
  const { connection, authz, settings } = await openApp(env);
  const app = await buildApp({ connection, authz, logger: env.NODE_ENV !== 'test', ...settings });
  // Imports a previous run of this process left unfinished are failed before the first request.
  const recovery = startImportRecovery(connection.db, {
    onError: (error) => app.log.warn({ err: error }, 'import recovery failed; trying again later'),
  });
  await recovery.first;
  app.addHook('onClose', async () => {
    recovery.stop();
    await connection.close();
  });
  await app.listen({ host, port });
  const address = app.server.address() as AddressInfo;
  const url = `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`;
  console.log(
    [
      `BatteryDB ${version} is serving ${url} (database ${redactDatabaseUrl(connection.config)}).`,
      'Next steps:',
      '  create the first superuser:  npm run batterydb -- createsuperuser',
      '  load demo data:              npm run batterydb -- demo',
      `  check health:                curl ${url}/healthz`,
      `Stop with Ctrl-C or SIGTERM: requests in flight finish first (at most ${limitS} s).`,
    ].join('\n'),
  );

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    app.log.info({ signal }, 'shutting down');
    // The last resort, should closing itself hang: the process is gone within the limit.
    setTimeout(() => process.exit(1), limitS * 1000 * 0.95).unref();
    shutDown(app, { forceAfterMs: limitS * 1000 * 0.8 }).then(
      ({ forced, stoppedImports }) => {
        app.log.info({ forced, stoppedImports }, 'stopped');
        process.exit(forced ? 1 : 0);
      },
      (error: unknown) => {
        app.log.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return app;
}
