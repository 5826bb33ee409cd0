import cluster from 'node:cluster';
import type { AddressInfo } from 'node:net';
import { redactDatabaseUrl } from '../../config/database-url.ts';
import { startImportRecovery } from '../../imports/recover-imports.ts';
import { buildApp } from '../../server/build-app.ts';
import { shutDown } from '../../server/shutdown.ts';
import { openApp, openDatabase } from '../open-app.ts';
import { servePrimary } from './serve-primary.ts';
import { listenAddress, shutdownSeconds, workerCount } from './serve-settings.ts';
import { addressUrl, startupMessage } from './startup-message.ts';

/**
 * `batterydb serve`: `WORKERS` processes (one per core by default) sharing the port through
 * node's cluster module and one database (SPEC §7). With one, this process serves alone;
 * otherwise it is the cluster's primary (`serve-primary.ts`: migrates once, forks, restarts,
 * passes signals on) or one of its workers.
 */
export async function serve(env = process.env, version = '0'): Promise<void> {
  const workers = workerCount(env);
  if (workers === 1) return serveProcess(env, { version, migrate: true });
  if (cluster.isPrimary) return servePrimary(env, { version, workers });
  return serveProcess(env, { version, migrate: false });
}

/**
 * One serving process (alone, or a cluster worker): recovers abandoned imports, then listens.
 * SIGTERM/SIGINT shut it down on its own (server/shutdown.ts); a primary only passes the
 * signal on. Only a process serving alone migrates and prints the start-up message.
 */
async function serveProcess(env: NodeJS.ProcessEnv, options: { version: string; migrate: boolean }) {
  const limitS = shutdownSeconds(env);
  const { host, port } = listenAddress(env);
  const { connection, authz, settings } = options.migrate ? await openApp(env) : await openDatabase(env);
  const app = await buildApp({ connection, authz, logger: env.NODE_ENV !== 'test', ...settings });
  // Imports a dead process left unfinished are failed before the first request. Each import
  // names the process running it (imports/runner-id.ts: host, pid), so a worker never fails
  // another live worker's import (SPEC §6).
  const recovery = startImportRecovery(connection.db, {
    onError: (error) => app.log.warn({ err: error }, 'import recovery failed; trying again later'),
  });
  await recovery.first;
  app.addHook('onClose', async () => {
    recovery.stop();
    await connection.close();
  });
  await app.listen({ host, port });
  if (options.migrate) {
    const url = addressUrl(app.server.address() as AddressInfo);
    const database = redactDatabaseUrl(connection.config);
    console.log(startupMessage({ version: options.version, url, database, workers: 1, shutdownS: limitS }));
  }

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
}
