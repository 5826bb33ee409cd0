/**
 * `batterydb serve` as a real process (issue 13, SPEC §5–6): SIGTERM closes idle keep-alive
 * connections at once, lets requests in flight finish and exits within BATTERYDB_SHUTDOWN_S,
 * cutting what is left at the limit; an import running at SIGTERM — or at kill -9 — is left
 * failed and retryable, the restarted server says so, and retry or delete finish the story.
 * Meanwhile another process keeps writing to the same database (SQLite: across processes the
 * busy timeout is the bound, and every write transaction of the import is short).
 */
import assert from 'node:assert/strict';
import http from 'node:http';
import { connect as netConnect, type Socket } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { createAppAuthz } from '../../src/authz/create-app-authz.ts';
import { ROLE_CONTRIBUTOR } from '../../src/authz/roles.ts';
import { parseDatabaseUrl } from '../../src/config/database-url.ts';
import { syntheticCyclerCsvChunks } from '../../src/cycler/index.ts';
import { connect, type Connection } from '../../src/db/connect.ts';
import { createExperiments } from '../../src/experiments/create-experiments.ts';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../../../../test-support/databases.ts';
import { countingHasher } from '../../../authz/test/support/kit.ts';
import { multipart } from '../imports/support/data-server.ts';
import { request, type ServerProcess, startServerProcess } from '../support/server-process.ts';
import { until } from '../support/wait.ts';

const RUN = { cycles: 30, pointsPerHalfCycle: 5000, capacityAh: 2, fadePerCycle: 0.001, seed: 7 };
const POINTS = RUN.cycles * 2 * RUN.pointsPerHalfCycle;

interface ImportItem {
  id: number;
  status: string;
  points: number;
  retryable: boolean;
  error: { reason: string } | null;
}

/** A migrated database with a Contributor (API token) who owns one experiment. */
async function prepareSite(database: TestDatabase) {
  const connection = await connect(parseDatabaseUrl(database.url));
  try {
    const authz = createAppAuthz(connection.db, { hasher: countingHasher() });
    await authz.migrateAll();
    const user = await authz.createUser({ username: 'olivia', password: 'olivia-password' });
    await authz.addMember((await authz.findGroupByName(ROLE_CONTRIBUTOR))!.id, user.id);
    const { token } = await authz.createApiToken(user.id, { name: 'tests', expiresAt: null });
    const [experiment] = await createExperiments(authz, user.id, [{ title: 'a cell' }]);
    return { token, userId: user.id, experimentId: Number(experiment!.id) };
  } finally {
    await connection.close();
  }
}

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
  describe(`batterydb serve as a process (${dialect})`, () => {
    let database: TestDatabase;
    let site: Awaited<ReturnType<typeof prepareSite>>;
    const servers: ServerProcess[] = [];
    const start = async (env: Record<string, string> = {}) => {
      const server = await startServerProcess(database.url, env);
      servers.push(server);
      return server;
    };
    before(async () => {
      database = await createTestDatabase(dialect);
      site = await prepareSite(database);
    });
    after(async () => {
      for (const server of servers) server.kill();
      await Promise.all(servers.map((s) => s.exited));
      await database.drop();
    });
    const auth = () => ({ authorization: `Bearer ${site.token}` });

    /** An in-flight request: its headers are in (the server answered 100 Continue), its body is not. */
    async function requestInFlight(server: ServerProcess, body: string): Promise<Socket> {
      const socket = netConnect(server.port, '127.0.0.1');
      socket.write(
        `POST /api/experiments HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${site.token}\r\n` +
          `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nExpect: 100-continue\r\n\r\n`,
      );
      await received(socket, /^HTTP\/1\.1 100 Continue\r\n\r\n/);
      return socket;
    }

    test('SIGTERM: idle keep-alive connections close at once, requests in flight complete, then it exits 0', async () => {
      const server = await start();
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
      const again = await start();
      const list = await request(again.url, { path: '/api/experiments?q=finished', headers: auth() });
      assert.equal(list.json<{ total: number }>().total, 1);
      again.signal('SIGTERM');
      assert.equal((await again.exited).code, 0);
    });

    test('SIGTERM: a request that never completes is cut at the limit, and the process exits anyway', async () => {
      const server = await start({ BATTERYDB_SHUTDOWN_S: '1' });
      const stuck = await requestInFlight(server, JSON.stringify({ title: 'never sent' }));
      server.signal('SIGTERM');
      await closed(stuck);
      // Forced: exit code 1 says connections were cut.
      assert.deepEqual(await server.exited, { code: 1, signal: null });
    });

    /** Starts a large upload and waits until the server is writing its samples. */
    async function importUnderWay(server: ServerProcess) {
      const { payload, headers } = multipart('long.csv', syntheticCyclerCsvChunks(RUN));
      const upload = request(server.url, {
        method: 'POST',
        path: `/api/experiments/${site.experimentId}/files`,
        headers: { ...headers, ...auth() },
        body: payload,
      });
      // A kill -9 makes this fail; the test looks at the record instead.
      upload.catch(() => undefined);
      const running = await until(async () => {
        const list = await request(server.url, {
          path: `/api/experiments/${site.experimentId}/imports`,
          headers: auth(),
        });
        const item = list.json<{ items: ImportItem[] }>().items[0];
        if (item?.status === 'done')
          throw new Error('the import finished before the test could interrupt it');
        return item?.status === 'importing' && item.points > 0 ? item : undefined;
      }, 'the import to be writing samples');
      return { upload, running };
    }

    test('SIGTERM during an import: the upload answers 503, and after a restart the import is failed, retryable, and retry completes it', async () => {
      const server = await start();
      const { upload, running } = await importUnderWay(server);
      server.signal('SIGTERM');
      const response = await upload;
      assert.equal(response.status, 503, response.body);
      assert.equal(response.json<{ reason: string; importId: number }>().reason, 'server-stopped');
      assert.equal(response.json<{ importId: number }>().importId, running.id);
      assert.deepEqual(await server.exited, { code: 0, signal: null });

      const restarted = await start();
      const record = (
        await request(restarted.url, { path: `/api/imports/${running.id}`, headers: auth() })
      ).json<ImportItem>();
      assert.deepEqual(
        [record.status, record.error?.reason, record.retryable],
        ['failed', 'server-stopped', true],
      );
      const cyclesBefore = await request(restarted.url, {
        path: `/api/experiments/${site.experimentId}/cycles`,
        headers: auth(),
      });
      assert.deepEqual(cyclesBefore.json<{ items: unknown[] }>().items, [], 'nothing of it is visible');
      const retried = await request(restarted.url, {
        method: 'POST',
        path: `/api/imports/${running.id}/retry`,
        headers: auth(),
      });
      assert.equal(retried.status, 200, retried.body);
      assert.equal(retried.json<{ import: ImportItem }>().import.points, POINTS);
      const cycles = await request(restarted.url, {
        path: `/api/experiments/${site.experimentId}/cycles`,
        headers: auth(),
      });
      assert.equal(cycles.json<{ items: unknown[] }>().items.length, RUN.cycles);
      // Clean slate for the next test: delete it (and its file) again.
      const deleted = await request(restarted.url, {
        method: 'DELETE',
        path: `/api/imports/${running.id}`,
        headers: auth(),
      });
      assert.equal(deleted.status, 204, deleted.body);
      restarted.signal('SIGTERM');
      assert.equal((await restarted.exited).code, 0);
    });

    test('kill -9 during an import: other processes wrote on meanwhile; after a restart it is failed and can be deleted', async () => {
      const server = await start();
      const other: Connection = await connect(parseDatabaseUrl(database.url));
      let importId: number;
      try {
        const { running } = await importUnderWay(server);
        importId = running.id;
        // Another process writes to the same database while the import runs: every write waits
        // for at most one of the import's short transactions, never for the import.
        const authz = createAppAuthz(other.db, { hasher: countingHasher() });
        for (let i = 0; i < 5; i += 1)
          await createExperiments(authz, site.userId, [{ title: `written meanwhile ${i}` }]);
        const still = (
          await request(server.url, { path: `/api/imports/${importId}`, headers: auth() })
        ).json<ImportItem>();
        assert.equal(still.status, 'importing', 'the writes went in while the import was running');
        server.kill();
        await server.exited;
      } finally {
        await other.close();
      }

      const restarted = await start();
      const path = `/api/imports/${importId}`;
      const record = (await request(restarted.url, { path, headers: auth() })).json<ImportItem>();
      assert.deepEqual(
        [record.status, record.error?.reason, record.retryable],
        ['failed', 'server-stopped', true],
      );
      assert.equal((await request(restarted.url, { method: 'DELETE', path, headers: auth() })).status, 204);
      assert.equal((await request(restarted.url, { path, headers: auth() })).status, 404);
      const files = await request(restarted.url, {
        path: `/api/experiments/${site.experimentId}/files`,
        headers: auth(),
      });
      assert.deepEqual(files.json<{ items: unknown[] }>().items, []);
      restarted.signal('SIGTERM');
      assert.equal((await restarted.exited).code, 0);
    });
  });
}
