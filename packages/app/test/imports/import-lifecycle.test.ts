/**
 * SPEC §6 (issue 13): imports never stay "receiving"/"importing" after the process that ran
 * them is gone — recovery fails them with a reason, keeping the file when it was stored in full
 * so the import can be retried; a finished import and a single file can be deleted; the same
 * bytes again are refused with 409 unless `?duplicate=allow`. On every dialect.
 */
import { cellForUpload } from '../../src/cells/change-cells.ts';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { hostname } from 'node:os';
import { Readable } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import { syntheticCyclerCsv } from '../../src/cycler/index.ts';
import { FileBlockWriter, insertBlocks } from '../../src/measurements/block-writer.ts';
import { createDataFile } from '../../src/measurements/data-files.ts';
import { storeFileBytes } from '../../src/measurements/file-bytes.ts';
import { recoverImports } from '../../src/imports/recover-imports.ts';
import { ImportStoppedError } from '../../src/imports/import-errors.ts';
import { stopRunningImports } from '../../src/imports/running-imports.ts';
import { DIALECTS } from '../../../../test-support/databases.ts';
import { dataRowCounts, dataServer, type DataServer, upload } from './support/data-server.ts';
import { gate, until } from '../support/wait.ts';

const csv = (seed: number) =>
  syntheticCyclerCsv({ cycles: 3, pointsPerHalfCycle: 40, capacityAh: 1, fadePerCycle: 0.01, seed });
const SAMPLES = 3 * 2 * 40;

interface ImportItem {
  id: number;
  status: string;
  fileId: number | null;
  retryable: boolean;
  points: number;
  error: { reason: string; detail: string } | null;
}

for (const dialect of DIALECTS) {
  describe(`import lifecycle (${dialect})`, () => {
    let server: DataServer;
    before(async () => (server = await dataServer(dialect)));
    after(() => server.close());

    const getImport = async (id: number) =>
      (await server.as('owner', { method: 'GET', url: `/api/imports/${id}` })).json<ImportItem>();
    const imports = async (experimentId: number) =>
      (await server.as('owner', { method: 'GET', url: `/api/experiments/${experimentId}/imports` })).json<{
        items: ImportItem[];
      }>().items;
    const cycleCount = async (experimentId: number) =>
      (await server.as('owner', { method: 'GET', url: `/api/experiments/${experimentId}/cycles` })).json<{
        items: unknown[];
      }>().items.length;
    const auditActions = async () =>
      (await server.connection.db.selectFrom('authz_audit_log').select('action').execute()).map(
        (r) => r.action,
      );

    test('the same bytes again are refused with 409 naming the file, unless ?duplicate=allow', async () => {
      const experimentId = await server.experiment({ title: 'duplicates' });
      const first = await upload(server, 'owner', experimentId, 'cell.csv', csv(1));
      assert.equal(first.statusCode, 201, first.body);
      const fileId = first.json<{ file: { id: number } }>().file.id;
      const again = await upload(server, 'owner', experimentId, 'renamed.csv', csv(1));
      assert.equal(again.statusCode, 409, again.body);
      const problem = again.json<{
        code: string;
        reason: string;
        existingFileId: number;
        importId: number;
      }>();
      assert.equal(problem.code, 'CONFLICT');
      assert.equal(problem.reason, 'duplicate');
      assert.equal(problem.existingFileId, fileId);
      assert.equal((await getImport(problem.importId)).error?.reason, 'duplicate');
      assert.equal(await cycleCount(experimentId), 3, 'the cycles are not counted twice');
      const allowed = await upload(server, 'owner', experimentId, 'cell.csv', csv(1), {
        allowDuplicate: true,
      });
      assert.equal(allowed.statusCode, 201, allowed.body);
      assert.equal(await cycleCount(experimentId), 6);
      // Another experiment may hold the same file.
      const other = await server.experiment({ title: 'elsewhere' });
      assert.equal((await upload(server, 'owner', other, 'cell.csv', csv(1))).statusCode, 201);
    });

    test('one file can be deleted with its samples, cycles, bytes and import; the others stay', async () => {
      const experimentId = await server.experiment({ title: 'two files' });
      const kept = await upload(server, 'owner', experimentId, 'kept.csv', csv(2));
      const doomed = await upload(server, 'owner', experimentId, 'doomed.csv', csv(3));
      assert.equal(kept.statusCode, 201);
      assert.equal(doomed.statusCode, 201);
      const doomedFile = doomed.json<{ file: { id: number } }>().file.id;
      const doomedImport = doomed.json<{ import: { id: number } }>().import.id;
      const counts = await dataRowCounts(server.connection);
      const url = `/api/experiments/${experimentId}/files/${doomedFile}`;
      assert.equal(
        (await server.as('reader', { method: 'DELETE', url })).statusCode,
        404,
        'private: invisible',
      );
      assert.equal((await server.as('contributor', { method: 'DELETE', url })).statusCode, 404);
      assert.equal((await server.as('owner', { method: 'DELETE', url })).statusCode, 204);
      assert.equal((await server.as('owner', { method: 'GET', url })).statusCode, 404);
      assert.equal((await server.as('owner', { method: 'DELETE', url })).statusCode, 404, 'gone is gone');
      assert.deepEqual(await dataRowCounts(server.connection), {
        data_file: counts.data_file - 1,
        data_file_chunk: counts.data_file_chunk - 1,
        // One block per level (every sample, three overview levels): the file is small.
        sample_block: counts.sample_block - 4,
        samples: counts.samples - SAMPLES,
        cycle_summary: counts.cycle_summary - 3,
      });
      assert.equal(await cycleCount(experimentId), 3);
      assert.deepEqual(
        (await imports(experimentId)).map((i) => i.id),
        [kept.json<{ import: { id: number } }>().import.id],
      );
      assert.equal(
        (await server.as('owner', { method: 'GET', url: `/api/imports/${doomedImport}` })).statusCode,
        404,
      );
      assert.ok((await auditActions()).includes('data.delete-file'));
    });

    test('a finished import can be deleted with what it stored; a running one cannot', async () => {
      const experimentId = await server.experiment({ title: 'imports to delete' });
      const broken = await upload(
        server,
        'owner',
        experimentId,
        'broken.csv',
        'not a cycler file\r\n1,2,3\r\n',
      );
      assert.equal(broken.statusCode, 400);
      const brokenId = broken.json<{ importId: number }>().importId;
      assert.equal((await getImport(brokenId)).retryable, false, 'a broken file is not kept');
      assert.equal(
        (await server.as('reader', { method: 'DELETE', url: `/api/imports/${brokenId}` })).statusCode,
        404,
      );
      assert.equal(
        (await server.as('owner', { method: 'DELETE', url: `/api/imports/${brokenId}` })).statusCode,
        204,
      );
      assert.equal(
        (await server.as('owner', { method: 'GET', url: `/api/imports/${brokenId}` })).statusCode,
        404,
      );

      // An upload held half-way is running: it cannot be deleted (nor retried) until it ends.
      const held = gate();
      const content = csv(4);
      async function* body(): AsyncGenerator<string> {
        yield content.slice(0, 1000);
        await held.wait;
        yield content.slice(1000);
      }
      try {
        const uploading = upload(server, 'owner', experimentId, 'slow.csv', body());
        const running = await until(async () => (await imports(experimentId))[0], 'the running import');
        assert.equal(running.status, 'receiving');
        const refused = await server.as('owner', { method: 'DELETE', url: `/api/imports/${running.id}` });
        assert.equal(refused.statusCode, 409, refused.body);
        const retry = await server.as('owner', { method: 'POST', url: `/api/imports/${running.id}/retry` });
        assert.equal(retry.statusCode, 409, retry.body);
        held.open();
        assert.equal((await uploading).statusCode, 201);
        const counts = await dataRowCounts(server.connection);
        const deleted = await server.as('owner', { method: 'DELETE', url: `/api/imports/${running.id}` });
        assert.equal(deleted.statusCode, 204, deleted.body);
        const left = await dataRowCounts(server.connection);
        assert.equal(left.samples, counts.samples - SAMPLES, 'its samples went with it');
        assert.equal(left.data_file, counts.data_file - 1);
      } finally {
        held.open();
      }
      assert.ok((await auditActions()).includes('data.delete-import'));
    });

    test('an import stopped by shutdown while its file arrives is failed with the reason, not retryable', async () => {
      const experimentId = await server.experiment({ title: 'shutdown' });
      const held = gate();
      async function* body(): AsyncGenerator<string> {
        yield csv(5).slice(0, 1000);
        await held.wait;
      }
      try {
        const uploading = upload(server, 'owner', experimentId, 'cut.csv', body());
        const running = await until(async () => (await imports(experimentId))[0], 'the running import');
        assert.equal(stopRunningImports(new ImportStoppedError()) >= 1, true);
        const response = await uploading;
        assert.equal(response.statusCode, 503, response.body);
        assert.match(String(response.headers['retry-after']), /^[0-9]+$/);
        assert.equal(response.json<{ reason: string }>().reason, 'server-stopped');
        const record = await getImport(running.id);
        assert.equal(record.status, 'failed');
        assert.equal(record.error?.reason, 'server-stopped');
        assert.equal(record.retryable, false, 'half a file is not kept');
      } finally {
        held.open();
      }
    });

    test('recovery fails abandoned imports with a reason; a stored file makes them retryable, and retry completes them', async () => {
      const experimentId = await server.experiment({ title: 'abandoned' });
      const { db } = server.connection;
      const now = Date.now();
      const content = csv(6);
      // A dead process of this host (its pid exists no more), another host that stopped writing
      // two minutes ago, and another host that is still at it.
      const deadPid = spawnSync(process.execPath, ['-e', '']).pid;
      const abandoned = async (runner: string, updatedAt: number, stored: boolean) => {
        const record = await db
          .insertInto('data_import')
          .values({
            experiment_id: experimentId,
            user_id: server.userIds.owner,
            file_name: 'cell.csv',
            status: stored ? 'importing' : 'receiving',
            bytes_received: 0,
            bytes_parsed: 0,
            row_count: 0,
            point_count: 0,
            cycle_count: 0,
            created_at: updatedAt,
            updated_at: updatedAt,
            runner,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        if (!stored) return record.id;
        const fileId = await createDataFile(db, {
          experimentId,
          fileName: 'cell.csv',
          sizeBytes: Buffer.byteLength(content),
          sha256: createHash('sha256').update(content).digest('hex'),
          uploadedBy: server.userIds.owner,
          now: updatedAt,
          cell: await cellForUpload(db, experimentId, null, 'cell.csv', updatedAt).then((c) => ({
            id: c.cellId,
            position: c.position,
          })),
        });
        await storeFileBytes(db, fileId, Readable.from([Buffer.from(content)]));
        await db.updateTable('data_file').set({ status: 'stored' }).where('id', '=', fileId).execute();
        await db.updateTable('data_import').set({ file_id: fileId }).where('id', '=', record.id).execute();
        // Half-written samples, as a killed import leaves them (invisible: the file is not complete).
        const half = new FileBlockWriter();
        [1, 2, 3].forEach((seq) =>
          half.pushValues(seq, [seq, 1, null, 0.5, 3.5, null, null, null, null, null]),
        );
        await insertBlocks(db, { experimentId, fileId }, half.finish());
        return record.id;
      };
      const crashedHere = await abandoned(`${hostname()}:${deadPid}:0000abcd`, now, true);
      const silentElsewhere = await abandoned('elsewhere.example:42:0000abcd', now - 120_000, true);
      const busyElsewhere = await abandoned('elsewhere.example:43:0000abcd', now, false);
      const cutWhileReceiving = await abandoned(`${hostname()}:${deadPid}:0000abcd`, now, false);
      // Another live process of this host, as a sibling worker of `serve` is (issue 12).
      const siblingWorker = await abandoned(`${hostname()}:${process.ppid}:0000abcd`, now, false);

      assert.equal((await recoverImports(db, now)).failed, 3);
      for (const id of [crashedHere, silentElsewhere]) {
        const record = await getImport(id);
        assert.equal(record.status, 'failed');
        assert.equal(record.error?.reason, 'server-stopped');
        assert.equal(record.retryable, true);
      }
      assert.equal(
        (await getImport(busyElsewhere)).status,
        'receiving',
        'a live runner elsewhere is left alone',
      );
      assert.equal(
        (await getImport(siblingWorker)).status,
        'receiving',
        "a live worker's import is left alone",
      );
      const cut = await getImport(cutWhileReceiving);
      assert.deepEqual([cut.status, cut.retryable], ['failed', false]);
      const leftover = await db
        .selectFrom('sample_block')
        .select('first_seq')
        .where('experiment_id', '=', experimentId)
        .execute();
      assert.deepEqual(leftover, [], 'the half-written samples are gone');
      // Once silent for longer than the lease (a running import writes more often), the other
      // host's import is abandoned too, and so is the live worker's.
      assert.equal((await recoverImports(db, now + 61_000)).failed, 2);
      assert.equal((await getImport(busyElsewhere)).status, 'failed');

      const notRetryable = await server.as('owner', {
        method: 'POST',
        url: `/api/imports/${cutWhileReceiving}/retry`,
      });
      assert.equal(notRetryable.statusCode, 409, notRetryable.body);
      assert.equal(
        (await server.as('reader', { method: 'POST', url: `/api/imports/${crashedHere}/retry` })).statusCode,
        404,
      );
      const retried = await server.as('owner', { method: 'POST', url: `/api/imports/${crashedHere}/retry` });
      assert.equal(retried.statusCode, 200, retried.body);
      const done = retried.json<{ import: ImportItem; file: { points: number } }>();
      assert.equal(done.import.status, 'done');
      assert.equal(done.import.points, SAMPLES);
      assert.equal(done.file.points, SAMPLES);
      assert.equal(await cycleCount(experimentId), 3);
      assert.ok((await auditActions()).includes('data.retry'));
      // Both kept files are these bytes: uploading them again names the complete one.
      const again = await upload(server, 'owner', experimentId, 'cell.csv', content);
      assert.equal(again.statusCode, 409, again.body);
      assert.equal(again.json<{ existingFileId?: number }>().existingFileId, done.import.fileId);
    });
  });
}
