import cluster, { type Address, type Worker } from 'node:cluster';
import { redactDatabaseUrl } from '../../config/database-url.ts';
import { openApp } from '../open-app.ts';
import { listenAddress, shutdownSeconds } from './serve-settings.ts';
import { addressUrl, startupMessage } from './startup-message.ts';

/**
 * A worker that dies is replaced after this long; the wait doubles only while replacements die
 * before they listen (a crash at start-up: a tight loop would only burn the machine). A worker
 * that got as far as serving died of something new — killed from outside, a crash on some
 * request — and its replacement starts after the first wait again (issue 19).
 */
export const FIRST_RESTART_MS = 500;
const MAX_RESTART_MS = 30_000;

function describeExit(code: number | null, signal: string | null): string {
  return signal ? `signal ${signal}` : `code ${code}`;
}

/**
 * The cluster's primary (SPEC §7: a worker per core sharing one database). It runs none of the
 * app: it migrates once — before any worker exists, so no two migrations race — then forks
 * `workers` processes that share the port (node's cluster: the primary accepts and hands each
 * connection to a worker in turn) and prints the start-up message once they all listen.
 * A worker that dies unexpectedly is logged and replaced, with a growing delay while they keep
 * dying (never a tight loop); one that dies before the cluster first served (a bad setting, a
 * port in use) stops everything. SIGTERM/SIGINT are passed on: each worker shuts down on its own
 * (server/shutdown.ts) and the primary exits when they all have, non-zero if one failed or had
 * to be forced.
 */
export async function servePrimary(env: NodeJS.ProcessEnv, options: { version: string; workers: number }) {
  const limitS = shutdownSeconds(env);
  listenAddress(env); // A bad PORT is one clear error here, not one per worker.
  const { connection } = await openApp(env);
  const database = redactDatabaseUrl(connection.config);
  await connection.close();

  const live = new Set<Worker>();
  const pendingRestarts = new Set<NodeJS.Timeout>();
  let listening = 0;
  let served = false;
  let stopping = false;
  let failed = false;
  let restartMs = FIRST_RESTART_MS;

  const finishIfDone = () => {
    if (stopping && live.size === 0) process.exit(failed ? 1 : 0);
  };

  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    for (const timer of pendingRestarts) clearTimeout(timer);
    pendingRestarts.clear();
    console.log(`batterydb: ${signal}: stopping ${live.size} worker(s)`);
    // Not worker.kill(): that disconnects first, which closes the worker's server at once.
    for (const worker of live) worker.process.kill('SIGTERM');
    // Each worker exits within the limit on its own; this is the last resort should one hang.
    setTimeout(
      () => {
        for (const worker of live) worker.process.kill('SIGKILL');
        process.exit(1);
      },
      limitS * 1000 * 0.98,
    ).unref();
    finishIfDone();
  };

  const fork = () => {
    const worker = cluster.fork();
    let workerListened = false;
    live.add(worker);
    worker.once('listening', (address: Address) => {
      workerListened = true;
      console.log(`batterydb: worker ${worker.process.pid} is serving`);
      listening += 1;
      if (!served && listening === options.workers) {
        served = true;
        const url = addressUrl({ address: address.address ?? '127.0.0.1', port: address.port ?? 0 });
        console.log(startupMessage({ ...options, url, database, shutdownS: limitS }));
      }
    });
    worker.once('exit', (code: number | null, signal: string | null) => {
      live.delete(worker);
      const how = describeExit(code, signal);
      if (stopping) {
        // A worker forced to cut connections (or killed) exits non-zero: so does the primary.
        // One still starting when the signal came had nothing to finish (SIGTERM's default).
        if (code !== 0 && (workerListened || signal !== 'SIGTERM')) failed = true;
        return finishIfDone();
      }
      if (!served) {
        console.error(`batterydb: worker ${worker.process.pid} exited (${how}) before serving; stopping`);
        failed = true;
        return stop('SIGTERM');
      }
      if (workerListened) restartMs = FIRST_RESTART_MS;
      const waitMs = restartMs;
      console.error(
        `batterydb: worker ${worker.process.pid} exited unexpectedly (${how}); starting another in ${waitMs} ms`,
      );
      const timer = setTimeout(() => {
        pendingRestarts.delete(timer);
        fork();
      }, waitMs);
      pendingRestarts.add(timer);
      // Only a worker dying before it listens makes the next wait longer.
      if (!workerListened) restartMs = Math.min(restartMs * 2, MAX_RESTART_MS);
    });
  };

  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  for (let i = 0; i < options.workers; i += 1) fork();
}
