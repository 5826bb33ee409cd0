/**
 * Slow clients and shutdown under load (issue 19, SPEC §5), through a listening server on both
 * dialects, with small limits set by the test: headers and bodies that dribble are cut, a
 * refused request's connection is closed, one address cannot hold more than its share of
 * connections, and a shutdown under keep-alive load resets no request. Outcomes, not timings:
 * "cut" is a close well before the generous bound at which a test gives up.
 */
import assert from 'node:assert/strict';
import http from 'node:http';
import { type AddressInfo, connect, type Socket } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { DIALECTS } from '../../../../test-support/databases.ts';
import { DEFAULT_CLIENT_LIMITS } from '../../src/server/http/client-limits.ts';
import { buildApp } from '../../src/server/build-app.ts';
import { shutDown } from '../../src/server/shutdown.ts';
import { appDatabase } from '../support/app-db.ts';
import { request } from '../support/server-process.ts';

const clients = {
  ...DEFAULT_CLIENT_LIMITS,
  headersTimeoutMs: 300,
  requestTimeoutMs: 60_000,
  minBodyBytesPerS: 1000,
  bodyGraceMs: 300,
  maxConnectionsPerAddress: 4,
};
/** Far beyond every limit above: reaching it means the client was not cut. */
const GIVE_UP_MS = 15_000;

/** Writes `chunk` every `everyMs` until the socket closes or the test gives up; what came back. */
function dribble(
  socket: Socket,
  chunk: string,
  everyMs: number,
): Promise<{ cut: boolean; received: string }> {
  return new Promise((resolve) => {
    let received = '';
    socket.on('data', (data: Buffer) => (received += data.toString('latin1')));
    socket.on('error', () => undefined);
    const timer = setInterval(() => socket.writable && socket.write(chunk), everyMs);
    const giveUp = setTimeout(() => finish(false), GIVE_UP_MS);
    const finish = (cut: boolean) => {
      clearInterval(timer);
      clearTimeout(giveUp);
      socket.destroy();
      resolve({ cut, received });
    };
    socket.once('close', () => finish(true));
  });
}

function opened(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => resolve(socket));
    socket.once('error', reject);
  });
}

for (const dialect of DIALECTS) {
  describe(`slow clients (${dialect})`, () => {
    let site: Awaited<ReturnType<typeof appDatabase>>;
    let app: Awaited<ReturnType<typeof buildApp>>;
    let port: number;
    before(async () => {
      site = await appDatabase(dialect);
      app = await buildApp({ connection: site.connection, authz: site.authz, clients });
      await app.listen({ host: '127.0.0.1', port: 0 });
      port = (app.server.address() as AddressInfo).port;
    });
    after(async () => {
      await app.close();
      await site.close();
    });

    test('headers that dribble are cut at the header limit (408)', async () => {
      const socket = await opened(port);
      socket.write('GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n');
      const { cut, received } = await dribble(socket, 'X-Slow: 1\r\n', 50);
      assert.ok(cut, 'the connection was closed');
      assert.match(received, /^(HTTP\/1\.1 408 |$)/);
    });

    test('a body that dribbles is cut once it falls below the minimum rate', async () => {
      const socket = await opened(port);
      socket.write(
        'POST /api/auth/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n{',
      );
      const { cut, received } = await dribble(socket, ' ', 50);
      assert.ok(cut, 'the connection was closed');
      assert.equal(received, '', 'nothing was answered to a request that never arrived');
    });

    test('a request refused before its body is read closes its connection', async () => {
      const socket = await opened(port);
      socket.write(
        'POST /api/experiments HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{',
      );
      const { cut, received } = await dribble(socket, ' ', 50);
      assert.ok(cut, 'the connection was closed');
      assert.match(received, /^HTTP\/1\.1 401 /);
      assert.match(received, /\r\nconnection: close\r\n/i);
    });

    test('one address holds at most its cap of connections; the others are closed at once', async () => {
      const sockets = await Promise.all(Array.from({ length: 6 }, () => opened(port)));
      try {
        const closes = sockets.map(
          (socket) =>
            new Promise<boolean>((resolve) => {
              socket.on('error', () => undefined);
              socket.once('close', () => resolve(true));
              setTimeout(() => resolve(false), 1000).unref();
            }),
        );
        const closed = await Promise.all(closes);
        assert.equal(closed.filter(Boolean).length, 2, 'the connections past the cap of 4 were closed');
      } finally {
        for (const socket of sockets) socket.destroy();
      }
      const ok = await request(`http://127.0.0.1:${port}`, { path: '/healthz' });
      assert.equal(ok.status, 200, 'closed connections free their places');
    });
  });

  describe(`SIGTERM under keep-alive load (${dialect})`, () => {
    test('no request is reset: answered (503 after the signal, with Connection: close) or refused', async () => {
      const site = await appDatabase(dialect);
      const app = await buildApp({ connection: site.connection, authz: site.authz });
      await app.listen({ host: '127.0.0.1', port: 0 });
      const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
      const agent = new http.Agent({ keepAlive: true, maxSockets: 8 });
      const failures: string[] = [];
      const afterSignal: { status: number; connection: string | undefined }[] = [];
      let signalled = false;
      let answered = 0;
      const client = async (n: number) => {
        for (let i = 0; ; i++) {
          const post = (i + n) % 2 === 0;
          const body = JSON.stringify({ username: 'nobody' }); // a 400: no password
          try {
            const response = await request(
              base,
              post
                ? {
                    method: 'POST',
                    path: '/api/auth/login',
                    headers: { 'content-type': 'application/json', 'content-length': String(body.length) },
                    body,
                  }
                : { path: '/healthz' },
              agent,
            );
            answered += 1;
            if (signalled)
              afterSignal.push({ status: response.status, connection: response.headers.connection });
          } catch (error) {
            const code = (error as NodeJS.ErrnoException).code ?? String(error);
            if (code !== 'ECONNREFUSED') failures.push(code);
            return;
          }
        }
      };
      try {
        const clients = Array.from({ length: 8 }, (_, n) => client(n));
        while (answered < 200) await new Promise((resolve) => setTimeout(resolve, 10));
        signalled = true;
        const outcome = await shutDown(app, { forceAfterMs: 5000 });
        await Promise.all(clients);
        assert.deepEqual(failures, [], 'no request was reset or left without an answer');
        assert.equal(outcome.forced, false);
        for (const response of afterSignal) {
          assert.ok([200, 400, 503].includes(response.status), String(response.status));
          if (response.status === 503) assert.equal(response.connection, 'close');
        }
      } finally {
        agent.destroy();
        await app.close();
        await site.close();
      }
    });
  });
}
