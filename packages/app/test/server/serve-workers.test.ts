/**
 * `batterydb serve` with workers (issue 12, SPEC §7) as real processes: WORKERS=2 prints one
 * start-up message, both workers answer (their pids, counted from the request logs: NODE_ENV
 * production turns logging on, no header reveals a pid), a write answered by one worker is
 * read by the next request in the other (SPEC §3.5), concurrent writes across workers all
 * succeed (on SQLite: the busy timeout bounds waits across processes, no "database is
 * locked" reaches a client), a killed worker is replaced, and SIGTERM to the primary lets
 * requests in flight in every worker finish before it exits 0.
 */
import assert from 'node:assert/strict';
import { createServer, connect as netConnect, type Socket } from 'node:net';
import { describe, test } from 'node:test';
import { DIALECTS } from '../../../../test-support/databases.ts';
import { FIRST_RESTART_MS } from '../../src/cli/commands/serve-primary.ts';
import { servedSite } from '../support/served-site.ts';
import { request, type ServerProcess, waitForOutput } from '../support/server-process.ts';

const WORKERS_ENV = { WORKERS: '2', NODE_ENV: 'production' };

interface LoggedRequest {
  pid: number;
  method: string;
  url: string;
}

/** Requests as the workers logged them, in the order they arrived. */
function loggedRequests(server: ServerProcess): LoggedRequest[] {
  const requests: LoggedRequest[] = [];
  // The last piece may be a line still being written.
  for (const line of server.output().split('\n').slice(0, -1)) {
    if (!line.startsWith('{')) continue;
    const entry = JSON.parse(line) as { pid: number; msg?: string; req?: { method: string; url: string } };
    if (entry.msg === 'incoming request' && entry.req)
      requests.push({ pid: entry.pid, method: entry.req.method, url: entry.req.url });
  }
  return requests;
}

/** Once the workers have logged `count` lines with this message (logs and responses travel apart). */
function logged(server: ServerProcess, message: string, count: number): Promise<unknown> {
  return waitForOutput(server, new RegExp(`(?:"msg":"${message}"[^]*){${count}}`));
}

/** The pids of the workers serving now, from the primary's "worker N is serving" lines. */
function servingPids(server: ServerProcess): number[] {
  return [...server.output().matchAll(/worker (\d+) is serving/g)].map((match) => Number(match[1]));
}

/** An in-flight request: its headers are in (the server answered 100 Continue), its body is not. */
function requestInFlight(server: ServerProcess, token: string, body: string): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = netConnect(server.port, '127.0.0.1');
    let text = '';
    const onData = (chunk: Buffer) => {
      text += chunk.toString('latin1');
      if (/^HTTP\/1\.1 100 Continue\r\n\r\n$/.test(text)) {
        socket.off('data', onData);
        resolve(socket);
      }
    };
    socket.on('data', onData);
    socket.once('error', reject);
    socket.write(
      `POST /api/experiments HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${token}\r\n` +
        `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nExpect: 100-continue\r\n\r\n`,
    );
  });
}

/** Everything a socket receives until the server closes it. */
function answer(socket: Socket): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    socket.on('data', (chunk: Buffer) => (text += chunk.toString('latin1')));
    socket.once('error', reject);
    socket.once('close', () => resolve(text));
  });
}

for (const dialect of DIALECTS) {
  describe(`batterydb serve with WORKERS=2 (${dialect})`, () => {
    const served = servedSite(dialect);

    test('both workers serve; a write in one is read by the next request in the other; concurrent writes all succeed', async () => {
      const server = await served.start(WORKERS_ENV);
      assert.equal([...server.output().matchAll(/is serving http/g)].length, 1, 'one start-up message');
      assert.match(server.output(), /with 2 worker processes/);
      assert.equal(new Set(servingPids(server)).size, 2);

      // Each request on a new connection: the primary hands connections to workers in turn.
      for (let round = 0; round < 4; round += 1) {
        const created = await request(server.url, {
          method: 'POST',
          path: '/api/experiments',
          headers: { ...served.auth(), 'content-type': 'application/json' },
          body: JSON.stringify({ title: `round ${round}` }),
        });
        assert.equal(created.status, 201, created.body);
        const { id } = created.json<{ id: number }>();
        const read = await request(server.url, { path: `/api/experiments/${id}`, headers: served.auth() });
        assert.equal(read.status, 200, read.body);
        assert.equal(read.json<{ title: string }>().title, `round ${round}`);
      }
      const health = await request(server.url, { path: '/healthz' });
      assert.equal(health.status, 200);

      await logged(server, 'request completed', 9);
      const requests = loggedRequests(server);
      assert.deepEqual(
        new Set(requests.map((r) => r.pid)),
        new Set(servingPids(server)),
        'both workers served',
      );
      // The read right after a create, answered by the other worker: fresh across processes.
      const crossed = requests.filter((r, i) => {
        const before = requests[i - 1];
        return r.method === 'GET' && before?.method === 'POST' && before.pid !== r.pid;
      });
      assert.ok(crossed.length > 0, `no read was answered by the other worker: ${JSON.stringify(requests)}`);

      // Writes at once in both workers: each waits for the others (on SQLite, the busy timeout
      // across processes), none fails.
      const writes = await Promise.all(
        Array.from({ length: 24 }, (_, i) =>
          request(server.url, {
            method: 'POST',
            path: '/api/experiments',
            headers: { ...served.auth(), 'content-type': 'application/json' },
            body: JSON.stringify({ title: `concurrent ${i}` }),
          }),
        ),
      );
      assert.deepEqual(
        writes.map((w) => w.status),
        writes.map(() => 201),
        writes.map((w) => w.body).join('\n'),
      );
      server.signal('SIGTERM');
      assert.deepEqual(await server.exited, { code: 0, signal: null });
    });

    test('a killed worker is replaced; SIGTERM lets requests in flight in every worker finish, then exits 0', async () => {
      const server = await served.start(WORKERS_ENV);
      const [victim, survivor] = servingPids(server);
      process.kill(victim!, 'SIGKILL');
      await waitForOutput(server, new RegExp(`worker ${victim} exited unexpectedly \\(signal SIGKILL\\)`));
      await waitForOutput(server, /(?:worker \d+ is serving[^]*){3}/);
      const first = servingPids(server)[2]!;
      assert.ok(![victim, survivor].includes(first));
      // The replacement served, so its death is no start-up crash: no doubled wait (issue 19).
      process.kill(first, 'SIGKILL');
      const restart = await waitForOutput(
        server,
        new RegExp(`worker ${first} exited unexpectedly \\(signal SIGKILL\\); starting another in (\\d+) ms`),
      );
      assert.equal(Number(restart[1]), FIRST_RESTART_MS);
      await waitForOutput(server, /(?:worker \d+ is serving[^]*){4}/);
      const replacement = servingPids(server)[3]!;
      assert.ok(![victim, survivor, first].includes(replacement));

      // Two connections: one in each worker, the replacement among them.
      const bodies = ['in flight 1', 'in flight 2'].map((title) => JSON.stringify({ title }));
      const inFlight = [
        await requestInFlight(server, served.site.token, bodies[0]!),
        await requestInFlight(server, served.site.token, bodies[1]!),
      ];
      await logged(server, 'incoming request', 2);
      const pids = new Set(loggedRequests(server).map((r) => r.pid));
      assert.deepEqual(pids, new Set([survivor, replacement]), 'each worker holds one request');

      server.signal('SIGTERM');
      // Both workers have begun shutting down (stopped accepting) before the bodies are sent.
      await logged(server, 'shutting down', 2);
      const answers = inFlight.map(answer);
      inFlight.forEach((socket, i) => socket.write(bodies[i]!));
      for (const response of await Promise.all(answers)) {
        assert.match(response, /^HTTP\/1\.1 201 /);
        assert.match(response, /\r\nconnection: close\r\n/i);
      }
      assert.deepEqual(await server.exited, { code: 0, signal: null });
    });

    test('a request that never completes is cut at the limit in its worker, and the primary exits 1', async () => {
      const server = await served.start({ ...WORKERS_ENV, BATTERYDB_SHUTDOWN_S: '1' });
      const stuck = await requestInFlight(server, served.site.token, JSON.stringify({ title: 'never sent' }));
      const cut = answer(stuck);
      server.signal('SIGTERM');
      await cut;
      assert.deepEqual(await server.exited, { code: 1, signal: null });
    });

    test('a worker that cannot serve (the port is taken) stops the whole server with exit 1', async () => {
      const taken = createServer();
      await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
      try {
        const port = String((taken.address() as { port: number }).port);
        await assert.rejects(
          served.start({ ...WORKERS_ENV, PORT: port }),
          /exited \(code 1\) before serving; stopping/,
        );
      } finally {
        await new Promise((resolve) => taken.close(resolve));
      }
    });
  });
}
