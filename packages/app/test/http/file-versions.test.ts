/**
 * A file's next version (issue 22): `POST …/files?replaces=ID` swaps the new version in when it
 * is whole; the old one is kept (not read) with `replaced_by`; only a visible file of the same
 * experiment can be replaced (404 otherwise), and a broken new version changes nothing; a new
 * version in no known layout, mapped and retried, still replaces the old one.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { syntheticCyclerCsv } from '../../src/cycler/index.ts';
import { DIALECTS } from '../../../../test-support/databases.ts';
import {
  dataServer,
  type DataServer,
  multipart,
  type UploadProblemBody,
} from '../imports/support/data-server.ts';
import { HOME_MADE_HEADER, HOME_MADE_MAPPING, homeMadeCsv } from '../imports/support/home-made-csv.ts';

const csv = (cycles: number) =>
  syntheticCyclerCsv({ cycles, pointsPerHalfCycle: 10, capacityAh: 1, fadePerCycle: 0, seed: 9 });

for (const dialect of DIALECTS) {
  describe(`file versions (${dialect})`, () => {
    let s: DataServer;
    before(async () => {
      s = await dataServer(dialect);
    });
    after(() => s.close());
    const send = (experimentId: number, content: string, replaces?: number) => {
      const { payload, headers } = multipart('growing.csv', content);
      return s.as('owner', {
        method: 'POST',
        url: `/api/experiments/${experimentId}/files${replaces ? `?replaces=${replaces}` : ''}`,
        payload,
        headers,
      });
    };
    const listed = async (experimentId: number) =>
      (await s.as('owner', { method: 'GET', url: `/api/experiments/${experimentId}/files` })).json<
        { items?: { id: number; cycles: number }[] } | { id: number; cycles: number }[]
      >();
    /** A file's status and the version that replaced it, from the table itself. */
    const versionState = (fileId: number) =>
      s.connection.db
        .selectFrom('data_file')
        .select(['status', 'replaced_by'])
        .where('id', '=', fileId)
        .executeTakeFirstOrThrow();
    const ids = (body: Awaited<ReturnType<typeof listed>>) =>
      (Array.isArray(body) ? body : (body.items ?? [])).map((f) => [f.id, f.cycles]);

    test('the next version replaces the file; the old one is kept out of sight', async () => {
      const experiment = await s.experiment();
      const v1 = (await send(experiment, csv(2))).json<{ file: { id: number } }>().file.id;
      const second = await send(experiment, csv(4), v1);
      assert.equal(second.statusCode, 201, second.body);
      const v2 = second.json<{ file: { id: number } }>().file.id;
      assert.deepEqual(ids(await listed(experiment)), [[v2, 4]]);
      assert.deepEqual(await versionState(v1), { status: 'stored', replaced_by: v2 });
      // The old version is no longer a file one can replace; nor is another experiment's.
      assert.equal((await send(experiment, csv(5), v1)).statusCode, 404);
      const elsewhere = await s.experiment();
      assert.equal((await send(elsewhere, csv(5), v2)).statusCode, 404);
      // A broken new version changes nothing.
      const broken = await send(experiment, 'not,a,cycler\n1,2,3\n', v2);
      assert.equal(broken.statusCode, 400);
      assert.deepEqual(ids(await listed(experiment)), [[v2, 4]]);
    });

    test('a new version in no known layout replaces the old one when it is mapped and retried', async () => {
      const experiment = await s.experiment();
      const v1 = (await send(experiment, csv(2))).json<{ file: { id: number } }>().file.id;
      const mapped = homeMadeCsv({ cycles: 3, seed: 5 });
      const failed = await send(experiment, mapped.text, v1);
      assert.equal(failed.statusCode, 400, failed.body);
      const problem = failed.json<UploadProblemBody>();
      assert.equal(problem.reason, 'unknown-layout');
      assert.deepEqual(ids(await listed(experiment)), [[v1, 2]], 'until it is published, v1 is read');
      const saved = await s.as('owner', {
        method: 'POST',
        url: '/api/column-mappings',
        payload: { name: 'versions rig', columns: HOME_MADE_HEADER, ...HOME_MADE_MAPPING },
      });
      assert.equal(saved.statusCode, 201, saved.body);
      const retried = await s.as('owner', {
        method: 'POST',
        url: `/api/imports/${problem.importId}/retry?mapping=versions%20rig`,
      });
      assert.equal(retried.statusCode, 200, retried.body);
      const v2 = retried.json<{ file: { id: number } }>().file.id;
      assert.deepEqual(ids(await listed(experiment)), [[v2, 3]], 'only the new version is read');
      assert.deepEqual(await versionState(v1), { status: 'stored', replaced_by: v2 });
      const cycles = await s.as('owner', { method: 'GET', url: `/api/experiments/${experiment}/cycles` });
      assert.deepEqual(
        cycles.json<{ items: { fileId: number }[] }>().items.map((c) => c.fileId),
        [v2, v2, v2],
        "the experiment's cycles are the new version's alone",
      );
    });

    test('GET …/files/:fileId/versions lists the versions newest first; the page says which is read', async () => {
      const experiment = await s.experiment();
      const v1 = (await send(experiment, csv(2))).json<{ file: { id: number } }>().file.id;
      const v2 = (await send(experiment, csv(3), v1)).json<{ file: { id: number } }>().file.id;
      const v3 = (await send(experiment, csv(5), v2)).json<{ file: { id: number } }>().file.id;
      const url = (fileId: number, id = experiment) => `/api/experiments/${id}/files/${fileId}/versions`;
      const response = await s.as('owner', { method: 'GET', url: url(v3) });
      assert.equal(response.statusCode, 200, response.body);
      const items = response.json<{
        items: { id: number; version: number; cycles: number; current: boolean }[];
      }>().items;
      assert.deepEqual(
        items.map((v) => [v.id, v.version, v.cycles, v.current]),
        [
          [v3, 3, 5, true],
          [v2, 2, 3, false],
          [v1, 1, 2, false],
        ],
      );
      // 404 rules: an earlier version is no visible file, nor is a file under another experiment,
      // and a caller who cannot see the experiment sees no file of it.
      assert.equal((await s.as('owner', { method: 'GET', url: url(v1) })).statusCode, 404);
      const elsewhere = await s.experiment();
      assert.equal((await s.as('owner', { method: 'GET', url: url(v3, elsewhere) })).statusCode, 404);
      assert.equal((await s.as('contributor', { method: 'GET', url: url(v3) })).statusCode, 404);
      assert.equal((await s.as('anonymous', { method: 'GET', url: url(v3) })).statusCode, 401);

      const page = await s.as('owner', { method: 'GET', url: `/experiments/${experiment}` });
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /<summary>version 3; 2 earlier<\/summary>/);
      assert.match(page.body, /version 1: <time[^>]*>[^<]+<\/time>, [\d.]+ KiB, 40 samples, 2 cycles/);
    });

    test("a new version stays in the old one's cell, at its position; another cellId is a 400", async () => {
      const experiment = await s.experiment();
      const created = await s.as('owner', {
        method: 'POST',
        url: `/api/experiments/${experiment}/cells`,
        payload: { label: 'coin 7' },
      });
      assert.equal(created.statusCode, 201, created.body);
      const cell = created.json<{ id: number }>().id;
      const into = async (content: string) => {
        const { payload, headers } = multipart('part.csv', content);
        const r = await s.as('owner', {
          method: 'POST',
          url: `/api/experiments/${experiment}/files?cellId=${cell}`,
          payload,
          headers,
        });
        assert.equal(r.statusCode, 201, r.body);
        return r.json<{ file: { id: number } }>().file.id;
      };
      const first = await into(csv(2));
      const second = await into(csv(3));
      const { payload, headers } = multipart('growing.csv', csv(6));
      const other = (await send(experiment, csv(7))).json<{ file: { cellId: number } }>().file.cellId;
      const mixed = await s.as('owner', {
        method: 'POST',
        url: `/api/experiments/${experiment}/files?replaces=${first}&cellId=${other}`,
        payload,
        headers,
      });
      assert.equal(mixed.statusCode, 400, mixed.body);
      assert.equal(mixed.json<{ field?: string }>().field, 'cellId');
      const next = await send(experiment, csv(4), first);
      assert.equal(next.statusCode, 201, next.body);
      const v2 = next.json<{ file: { id: number } }>().file.id;
      const inCell = await s.connection.db
        .selectFrom('data_file')
        .select(['id', 'cell_position'])
        .where('cell_id', '=', cell)
        .orderBy('cell_position')
        .execute();
      assert.deepEqual(
        inCell.map((f) => [f.id, f.cell_position]),
        [
          [v2, 1],
          [second, 2],
        ],
      );
    });
  });
}
