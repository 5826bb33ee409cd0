import type { Server } from 'node:http';
import type { Socket } from 'node:net';

interface Tracked {
  /** Requests of this connection being answered. */
  inFlight: number;
  /** When a request last ended or a byte last arrived (as far as the last look saw). */
  activeAt: number;
  bytesRead: number;
}

/**
 * The server's connections and whether each is busy, for a shutdown that never resets a
 * request (issue 19). Node's `server.close()` destroys every connection idle at that instant —
 * including one whose client has just sent its next request, still unread in the kernel: that
 * client sees a reset and cannot tell whether its POST happened. Here a connection counts as
 * idle only once nothing has arrived on it, and no request has ended on it, for a grace period.
 */
export class ConnectionTracker {
  readonly #connections = new Map<Socket, Tracked>();

  constructor(server: Server) {
    server.on('connection', (socket: Socket) => {
      this.#connections.set(socket, { inFlight: 0, activeAt: Date.now(), bytesRead: 0 });
      socket.once('close', () => this.#connections.delete(socket));
    });
    server.on('request', (request: { socket: Socket }, response: NodeJS.EventEmitter) => {
      const tracked = this.#connections.get(request.socket);
      if (!tracked) return;
      tracked.inFlight += 1;
      response.once('close', () => {
        tracked.inFlight -= 1;
        tracked.activeAt = Date.now();
      });
    });
  }

  /** Destroys the connections idle for `graceMs` or more; returns how many are left open. */
  closeIdle(graceMs: number): number {
    const now = Date.now();
    for (const [socket, tracked] of this.#connections) {
      if (socket.bytesRead !== tracked.bytesRead) {
        tracked.bytesRead = socket.bytesRead;
        tracked.activeAt = now;
      }
      if (tracked.inFlight === 0 && now - tracked.activeAt >= graceMs) socket.destroy();
    }
    return this.#connections.size;
  }
}
