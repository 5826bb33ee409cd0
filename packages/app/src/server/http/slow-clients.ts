import { Socket } from 'node:net';
import type { FastifyInstance } from 'fastify';
import type { ClientLimits } from './client-limits.ts';

/**
 * Node's and Fastify's server options for {@link ClientLimits}. Node checks the header and
 * request deadlines every `connectionsCheckingInterval` (30 s by default): often enough here
 * that a limit is kept to within a fraction of itself.
 */
export function serverTimeoutOptions(limits: ClientLimits) {
  const smallest = Math.min(limits.headersTimeoutMs, limits.requestTimeoutMs || Infinity);
  return {
    connectionTimeout: limits.idleTimeoutMs,
    keepAliveTimeout: limits.keepAliveTimeoutMs,
    requestTimeout: limits.requestTimeoutMs,
    http: {
      headersTimeout: limits.headersTimeoutMs,
      requestTimeout: limits.requestTimeoutMs,
      connectionsCheckingInterval: Math.max(25, Math.min(1000, Math.floor(smallest / 4))),
    },
  };
}

/**
 * What Node's own timeouts do not cover (issue 19):
 * - a cap of open connections per client address (per process): one client cannot take every
 *   socket; past the cap a new connection is closed before any request is read;
 * - a minimum body rate: a body arriving slower than `minBodyBytesPerS` on average after
 *   `bodyGraceMs` is cut (the connection destroyed) — a dribbling upload cannot hold a
 *   connection for as long as the (generous, large-upload) request deadline;
 * - a response sent before its request's body was read (a 401, 413, 503 refusal) closes the
 *   connection, so the rest of that body is not waited for on a kept-alive connection.
 */
export function installSlowClientLimits(app: FastifyInstance, limits: ClientLimits): void {
  if (limits.maxConnectionsPerAddress > 0) capConnectionsPerAddress(app, limits.maxConnectionsPerAddress);
  if (limits.minBodyBytesPerS > 0)
    app.addHook('onRequest', (request, _reply, done) => {
      // Only a real connection has a rate (app.inject's stand-in socket has none).
      const socket = request.raw.socket;
      if (socket instanceof Socket && hasBody(request.headers) && !request.raw.complete)
        watchBodyRate(socket, request.raw, limits);
      done();
    });
  app.addHook('onSend', (request, reply, payload, done) => {
    if (!request.raw.complete) void reply.header('connection', 'close');
    done(null, payload);
  });
}

function hasBody(headers: Record<string, string | string[] | undefined>): boolean {
  const length = headers['content-length'];
  return (length !== undefined && length !== '0') || headers['transfer-encoding'] !== undefined;
}

/** Checks the socket's byte count once a second until the body is complete or the request gone. */
function watchBodyRate(
  socket: Socket,
  message: NodeJS.ReadableStream & { complete: boolean },
  limits: ClientLimits,
) {
  const startedAt = Date.now();
  const startBytes = socket.bytesRead;
  const check = Math.max(25, Math.min(1000, Math.floor(limits.bodyGraceMs / 2)));
  const timer = setInterval(() => {
    if (message.complete || socket.destroyed) return clearInterval(timer);
    const elapsedMs = Date.now() - startedAt;
    if (elapsedMs < limits.bodyGraceMs) return;
    if (((socket.bytesRead - startBytes) * 1000) / elapsedMs >= limits.minBodyBytesPerS) return;
    clearInterval(timer);
    socket.destroy();
  }, check);
  timer.unref();
  message.once('close', () => clearInterval(timer));
}

function capConnectionsPerAddress(app: FastifyInstance, max: number): void {
  const open = new Map<string, number>();
  app.server.on('connection', (socket: Socket) => {
    const address = socket.remoteAddress ?? '';
    const count = (open.get(address) ?? 0) + 1;
    if (count > max) {
      socket.destroy();
      return;
    }
    open.set(address, count);
    socket.once('close', () => {
      const left = (open.get(address) ?? 1) - 1;
      if (left > 0) open.set(address, left);
      else open.delete(address);
    });
  });
}
