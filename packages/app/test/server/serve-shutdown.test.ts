/**
 * `batterydb serve` as a real process (issue 13, SPEC §5): SIGTERM closes idle keep-alive
 * connections at once, lets requests in flight finish — their answers close their connections —
 * and the process exits 0; a request that never completes is cut at BATTERYDB_SHUTDOWN_S and the
 * process exits anyway (1). A request is "in flight" when the server has answered its
 * `Expect: 100-continue`: its headers are in, its body is not.
 */
import assert from 'node:assert/strict';
import http from 'node:http';
import { connect as netConnect, type Socket } from 'node:net';
import { describe, test } from 'node:test';
import { DIALECTS } from '../../../../test-support/databases.ts';
import { servedSite } from '../support/served-site.ts';
import { request, type ServerProcess } from '../support/server-process.ts';

/** Reads a raw socket until `pattern` shows up in what it received. */
function received(socket: Socket, pattern: RegExp): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    const onData = (chunk: Buffer) => {
      text += chunk.toString('latin1');
      if (pattern.test(text)) {
        socket.off('data', onData);
        resolve(text);
      }
    };
    socket.on('data', onData);
    socket.once('error', reject);
    socket.once('close', () =>
      pattern.test(text) ? resolve(text) : reject(new Error(`closed after: ${text}`)),
    );
  });
}

function closed(socket: Socket): Promise<void> {
  return new Promise((resolve) => (socket.destroyed ? resolve() : socket.once('close', () => resolve())));
}

for (const dialect of DIALECTS) {
  describe(`SIGTERM to batterydb serve (${dialect})`, () => {
    const served = servedSite(dialect);

    /** An in-flight request: its headers are in (the server answered 100 Continue), its body is not. */
    async function requestInFlight(server: ServerProcess, body: string): Promise<Socket> {
      const socket = netConnect(server.port, '127.0.0.1');
      socket.write(
        `POST /api/experiments HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${served.site.token}\r\n` +
          `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nExpect: 100-continue\r\n\r\n`,
      );
      await received(socket, /^HTTP\/1\.1 100 Continue\r\n\r\n/);
      return socket;
    }

    test('SIGTERM: idle keep-alive connections close at once, requests in flight complete, then it exits 0', async () => {
      const server = await served.start();
      const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
      try {
        const warm = await request(server.url, { path: '/healthz' }, agent);
        assert.equal(warm.status, 200);
        const idle = Object.values(agent.freeSockets).flat()[0]!;
        const body = JSON.stringify({ title: 'finished during shutdown' });
        const inFlight = await requestInFlight(server, body);

        server.signal('SIGTERM');
        await closed(idle);
        // No new connection is served once the idle ones were closed: refused, or reset if the
        // kernel had queued it in the instant before the listener closed.
        await assert.rejects(request(server.url, { path: '/healthz' }), (error: NodeJS.ErrnoException) =>
          ['ECONNREFUSED', 'ECONNRESET'].includes(error.code ?? ''),
        );
        const answer = received(inFlight, /\r\n\r\n\{.*\}$/s);
        inFlight.write(body);
        const response = await answer;
        assert.match(response, /^HTTP\/1\.1 201 /);
        assert.match(response, /\r\nconnection: close\r\n/i, 'the last response closes its connection');
        await closed(inFlight);
        assert.deepEqual(await server.exited, { code: 0, signal: null });
      } finally {
        agent.destroy();
      }
      // What was in flight was kept.
      const again = await served.start();
      const list = await request(again.url, { path: '/api/experiments?q=finished', headers: served.auth() });
      assert.equal(list.json<{ total: number }>().total, 1);
      again.signal('SIGTERM');
      assert.equal((await again.exited).code, 0);
    });

    test('SIGTERM: a request that never completes is cut at the limit, and the process exits anyway', async () => {
      const server = await served.start({ BATTERYDB_SHUTDOWN_S: '1' });
      const stuck = await requestInFlight(server, JSON.stringify({ title: 'never sent' }));
      server.signal('SIGTERM');
      await closed(stuck);
      // Forced: exit code 1 says connections were cut.
      assert.deepEqual(await server.exited, { code: 1, signal: null });
    });
  });
}
