import type { FastifyInstance } from 'fastify';
import { ImportStoppedError } from '../imports/import-errors.ts';
import { stopRunningImports } from '../imports/running-imports.ts';
import { HttpProblem } from './http/problem.ts';

/** Seconds a client is asked to wait before trying again (another instance, or this one restarted). */
const RETRY_AFTER_S = 5;

declare module 'fastify' {
  interface FastifyInstance {
    /** True once shutdown has begun: new requests get 503, every response closes its connection. */
    shuttingDown: boolean;
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
 * keep-alive connections at once, let in-flight requests finish, stop running imports (each
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
  try {
    // The listener closes now and idle keep-alive connections with it (Node's server.close);
    // this resolves once the last connection has ended, i.e. every in-flight request is done.
    await new Promise<void>((resolve) => app.server.close(() => resolve()));
  } finally {
    clearTimeout(force);
  }
  // Then the app's own closing (onClose hooks: the database), with nobody left using it.
  await app.close();
  return { forced, stoppedImports };
}
