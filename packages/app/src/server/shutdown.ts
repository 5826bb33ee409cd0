import net from 'node:net';
import type { FastifyInstance } from 'fastify';
import { ImportStoppedError } from '../imports/import-errors.ts';
import { stopRunningImports } from '../imports/running-imports.ts';
import { ConnectionTracker } from './connection-tracker.ts';
import { HttpProblem } from './http/problem.ts';

/** Seconds a client is asked to wait before trying again (another instance, or this one restarted). */
const RETRY_AFTER_S = 5;

/**
 * After SIGTERM a connection idle this long is closed; one busier is given the chance to send
 * the request its client may already have sent (answered 503 + `Connection: close`).
 */
export const IDLE_GRACE_MS = 1000;
const IDLE_CHECK_MS = 50;

declare module 'fastify' {
  interface FastifyInstance {
    /** True once shutdown has begun: new requests get 503, every response closes its connection. */
    shuttingDown: boolean;
    /** The server's connections, busy or idle (connection-tracker.ts). */
    connections: ConnectionTracker;
  }
}

/**
 * The request side of a graceful shutdown, installed on every app: once `shuttingDown` is set,
 * a request that still arrives (on a keep-alive connection, or in the instant before the
 * listener closes) gets a 503 problem with Retry-After, and every response — in-flight ones
 * included — says `Connection: close`, so each connection ends with its last response instead
 * of idling until the keep-alive timeout (Fastify's own 503 would skip our problem format).
 */
export function installShutdownGate(app: FastifyInstance): void {
  app.decorate('shuttingDown', false);
  app.decorate('connections', new ConnectionTracker(app.server));
  app.addHook('onRequest', (_request, _reply, done) => {
    if (!app.shuttingDown) return done();
    done(
      new HttpProblem('UNAVAILABLE', 'the server is shutting down; try again shortly', {
        headers: { 'retry-after': String(RETRY_AFTER_S) },
      }),
    );
  });
  app.addHook('onSend', (_request, reply, payload, done) => {
    if (app.shuttingDown) void reply.header('connection', 'close');
    done(null, payload);
  });
}

export interface ShutdownOutcome {
  /** Connections still open at the deadline were cut. */
  forced: boolean;
  /** Imports that were running and were stopped (left failed, retryable when their file was stored). */
  stoppedImports: number;
}

/**
 * SPEC §5, for one process (each worker of a cluster runs its own): stop accepting, close idle
 * keep-alive connections (at once when idle for {@link IDLE_GRACE_MS}, else when they reach it
 * or their next request is answered), let in-flight requests finish, stop running imports (each
 * leaves its record failed and retryable, never half-stored), then close the database. After
 * `forceAfterMs` the connections still open are cut, so `app.close()` — and the process —
 * ends within the limit whatever a client does.
 */
export async function shutDown(
  app: FastifyInstance,
  options: { forceAfterMs: number },
): Promise<ShutdownOutcome> {
  app.shuttingDown = true;
  const stoppedImports = stopRunningImports(new ImportStoppedError());
  let forced = false;
  const force = setTimeout(() => {
    forced = true;
    app.server.closeAllConnections();
  }, options.forceAfterMs);
  const idleGraceMs = Math.min(IDLE_GRACE_MS, options.forceAfterMs / 4);
  const idle = setInterval(() => app.connections.closeIdle(idleGraceMs), IDLE_CHECK_MS);
  try {
    // The listener closes now (net.Server's close: http.Server's would also destroy every
    // connection idle at this instant, see connection-tracker.ts); this resolves once the last
    // connection has ended: in-flight requests answered, idle connections closed past the grace.
    await new Promise<void>((resolve) => {
      net.Server.prototype.close.call(app.server, () => resolve());
      app.connections.closeIdle(idleGraceMs);
    });
  } finally {
    clearTimeout(force);
    clearInterval(idle);
  }
  // Then the app's own closing (onClose hooks: the database), with nobody left using it.
  await app.close();
  return { forced, stoppedImports };
}
