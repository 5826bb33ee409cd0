/**
 * An import interrupted by its process ending (issue 13, SPEC §5–6), with `batterydb serve` as a
 * real process: at SIGTERM the upload answers 503 and the import is left failed and retryable,
 * never half-stored; after kill -9 the restarted server fails it at start-up. Retry completes
 * it, delete removes it. Meanwhile another process writes to the same database — on SQLite the
 * busy timeout bounds that wait across processes because every import transaction is short.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createAppAuthz } from '../../src/authz/create-app-authz.ts';
import { parseDatabaseUrl } from '../../src/config/database-url.ts';
import { syntheticCyclerCsvChunks } from '../../src/cycler/index.ts';
import { connect, type Connection } from '../../src/db/connect.ts';
import { createExperiments } from '../../src/experiments/create-experiments.ts';
import { DIALECTS } from '../../../../test-support/databases.ts';
import { countingHasher } from '../../../authz/test/support/kit.ts';
import { multipart } from '../imports/support/data-server.ts';
import { servedSite } from '../support/served-site.ts';
import { request, type ServerProcess } from '../support/server-process.ts';
import { until } from '../support/wait.ts';

const RUN = { cycles: 20, pointsPerHalfCycle: 5000, capacityAh: 2, fadePerCycle: 0.001, seed: 7 };
const POINTS = RUN.cycles * 2 * RUN.pointsPerHalfCycle;

interface ImportItem {
  id: number;
  status: string;
  points: number;
  retryable: boolean;
  error: { reason: string } | null;
}

for (const dialect of DIALECTS) {
  describe(`an import interrupted by its process ending (${dialect})`, () => {
    const served = servedSite(dialect);

    /** Starts a large upload and waits until the server is writing its samples. */
    async function importUnderWay(server: ServerProcess) {
      const { payload, headers } = multipart('long.csv', syntheticCyclerCsvChunks(RUN));
      const upload = request(server.url, {
        method: 'POST',
        path: `/api/experiments/${served.site.experimentId}/files`,
        headers: { ...headers, ...served.auth() },
        body: payload,
      });
      // A kill -9 makes this fail; the test looks at the record instead.
      upload.catch(() => undefined);
      const running = await until(async () => {
        const list = await request(server.url, {
          path: `/api/experiments/${served.site.experimentId}/imports`,
          headers: served.auth(),
        });
        const item = list.json<{ items: ImportItem[] }>().items[0];
        if (item?.status === 'done')
          throw new Error('the import finished before the test could interrupt it');
        return item?.status === 'importing' && item.points > 0 ? item : undefined;
      }, 'the import to be writing samples');
      return { upload, running };
    }

    test('SIGTERM during an import: the upload answers 503, and after a restart the import is failed, retryable, and retry completes it', async () => {
      const server = await served.start();
      const { upload, running } = await importUnderWay(server);
      server.signal('SIGTERM');
      const response = await upload;
      assert.equal(response.status, 503, response.body);
      assert.equal(response.json<{ reason: string; importId: number }>().reason, 'server-stopped');
      assert.equal(response.json<{ importId: number }>().importId, running.id);
      assert.deepEqual(await server.exited, { code: 0, signal: null });

      const restarted = await served.start();
      const record = (
        await request(restarted.url, { path: `/api/imports/${running.id}`, headers: served.auth() })
      ).json<ImportItem>();
      assert.deepEqual(
        [record.status, record.error?.reason, record.retryable],
        ['failed', 'server-stopped', true],
      );
      const cyclesBefore = await request(restarted.url, {
        path: `/api/experiments/${served.site.experimentId}/cycles`,
        headers: served.auth(),
      });
      assert.deepEqual(cyclesBefore.json<{ items: unknown[] }>().items, [], 'nothing of it is visible');
      const retried = await request(restarted.url, {
        method: 'POST',
        path: `/api/imports/${running.id}/retry`,
        headers: served.auth(),
      });
      assert.equal(retried.status, 200, retried.body);
      assert.equal(retried.json<{ import: ImportItem }>().import.points, POINTS);
      const cycles = await request(restarted.url, {
        path: `/api/experiments/${served.site.experimentId}/cycles`,
        headers: served.auth(),
      });
      assert.equal(cycles.json<{ items: unknown[] }>().items.length, RUN.cycles);
      // Clean slate for the next test: delete it (and its file) again.
      const deleted = await request(restarted.url, {
        method: 'DELETE',
        path: `/api/imports/${running.id}`,
        headers: served.auth(),
      });
      assert.equal(deleted.status, 204, deleted.body);
      restarted.signal('SIGTERM');
      assert.equal((await restarted.exited).code, 0);
    });

    test('kill -9 during an import: other processes wrote on meanwhile; after a restart it is failed and can be deleted', async () => {
      const server = await served.start();
      const other: Connection = await connect(parseDatabaseUrl(served.databaseUrl));
      let importId: number;
      try {
        const { running } = await importUnderWay(server);
        importId = running.id;
        // Another process writes to the same database while the import runs: every write waits
        // for at most one of the import's short transactions, never for the import.
        const authz = createAppAuthz(other.db, { hasher: countingHasher() });
        for (let i = 0; i < 5; i += 1)
          await createExperiments(authz, served.site.userId, [{ title: `written meanwhile ${i}` }]);
        const still = (
          await request(server.url, { path: `/api/imports/${importId}`, headers: served.auth() })
        ).json<ImportItem>();
        assert.equal(still.status, 'importing', 'the writes went in while the import was running');
        server.kill();
        await server.exited;
      } finally {
        await other.close();
      }

      const restarted = await served.start();
      const path = `/api/imports/${importId}`;
      const record = (await request(restarted.url, { path, headers: served.auth() })).json<ImportItem>();
      assert.deepEqual(
        [record.status, record.error?.reason, record.retryable],
        ['failed', 'server-stopped', true],
      );
      assert.equal(
        (await request(restarted.url, { method: 'DELETE', path, headers: served.auth() })).status,
        204,
      );
      assert.equal((await request(restarted.url, { path, headers: served.auth() })).status, 404);
      const files = await request(restarted.url, {
        path: `/api/experiments/${served.site.experimentId}/files`,
        headers: served.auth(),
      });
      assert.deepEqual(files.json<{ items: unknown[] }>().items, []);
      restarted.signal('SIGTERM');
      assert.equal((await restarted.exited).code, 0);
    });
  });
}
