/**
 * Issue 22 part 4: a CSV in no layout we read. Its upload fails as `unknown-layout` and keeps the
 * file; a column mapping made on its first rows imports it with per-cycle capacities equal to the
 * file's own columns; the next file with the same column names imports without asking; bad
 * mappings are 400s naming every bad field; who may make and delete mappings.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DIALECTS } from '../../../../test-support/databases.ts';
import {
  dataServer,
  type DataServer,
  multipart,
  upload,
  type UploadProblemBody as Problem,
} from './support/data-server.ts';
import {
  HOME_MADE_HEADER,
  HOME_MADE_MAPPING,
  homeMadeCsv,
  type HomeMadeFile,
} from './support/home-made-csv.ts';

interface CycleRow {
  cycle: number;
  chargeCapacityAh: number;
  dischargeCapacityAh: number;
  fileId: number;
}

const FIRST = homeMadeCsv({ cycles: 4, seed: 1 });
const SECOND = homeMadeCsv({ cycles: 3, seed: 2 });

for (const dialect of DIALECTS) {
  describe(`column mapping for a CSV in no known layout (${dialect})`, () => {
    let server: DataServer;
    let experimentId: number;
    let importId: number;
    before(async () => {
      server = await dataServer(dialect);
      experimentId = await server.experiment();
    });
    after(() => server.close());

    const cyclesOf = async (fileId: number): Promise<CycleRow[]> => {
      const response = await server.as('owner', {
        method: 'GET',
        url: `/api/experiments/${experimentId}/cycles?fileId=${fileId}`,
      });
      assert.equal(response.statusCode, 200, response.body);
      return response.json<{ items: CycleRow[] }>().items;
    };
    const assertOwnFigures = (rows: CycleRow[], file: HomeMadeFile) => {
      assert.deepEqual(
        rows.map((r) => r.cycle),
        file.cycles.map((c) => c.cycle),
      );
      for (const [i, expected] of file.cycles.entries()) {
        assert.ok(
          Math.abs(rows[i]!.chargeCapacityAh - expected.chargeAh) < 1e-12,
          `charge of cycle ${expected.cycle}`,
        );
        assert.ok(
          Math.abs(rows[i]!.dischargeCapacityAh - expected.dischargeAh) < 1e-12,
          `discharge of cycle ${expected.cycle}`,
        );
      }
    };

    test('the upload fails as "unknown layout", keeps the file, and shows its first rows', async () => {
      const response = await upload(server, 'owner', experimentId, 'rig-7.txt', FIRST.text);
      assert.equal(response.statusCode, 400, response.body);
      const problem = response.json<Problem>();
      assert.equal(problem.reason, 'unknown-layout');
      assert.match(problem.detail, /map its columns/);
      importId = problem.importId;
      const record = await server.as('owner', { method: 'GET', url: `/api/imports/${importId}` });
      assert.equal(record.json<{ retryable: boolean }>().retryable, true);

      const table = await server.as('reader', { method: 'GET', url: `/api/imports/${importId}/table` });
      assert.equal(table.statusCode, 404, 'a reader who cannot see the experiment does not see its table');
      const own = await server.as('owner', { method: 'GET', url: `/api/imports/${importId}/table` });
      assert.equal(own.statusCode, 200, own.body);
      const preview = own.json<{ line: number; columns: string[]; rows: string[][] }>();
      assert.equal(preview.line, 1);
      assert.deepEqual(preview.columns, HOME_MADE_HEADER);
      assert.equal(preview.rows.length, 10);
      assert.deepEqual(preview.rows[0], FIRST.text.split('\r\n')[1]!.split('\t'));
    });

    test('bad mappings are 400 naming every bad field', async () => {
      const post = (caller: 'owner', body: unknown) =>
        server.as(caller, { method: 'POST', url: '/api/column-mappings', payload: body as object });
      const { voltage: _voltage, ...withoutVoltage } = HOME_MADE_MAPPING.fields;
      const bad = await post('owner', {
        name: 'rig 7',
        columns: HOME_MADE_HEADER,
        fields: {
          ...withoutVoltage,
          time: { column: 8, unit: 'min' },
          current: { column: 3, unit: 'kA' },
          pressure: { column: 1 },
        },
      });
      assert.equal(bad.statusCode, 400, bad.body);
      const problem = bad.json<Problem>();
      assert.equal(problem.code, 'INVALID_INPUT');
      assert.deepEqual(problem.errors!.map((e) => e.field).sort(), [
        'chargeCurrent',
        'fields.current.unit',
        'fields.pressure',
        'fields.time.column',
        'fields.voltage',
      ]);
      assert.match(problem.detail, /Voltage: choose the column/);
      assert.match(problem.detail, /unit must be one of A, mA/);
      assert.match(problem.detail, /column of the file \(1 to 8\)/);
      const noName = await post('owner', { ...HOME_MADE_MAPPING, name: ' ', columns: ['a'] });
      assert.deepEqual(
        noName.json<Problem>().errors!.map((e) => e.field),
        [
          'name',
          'columns',
          'fields.cycle.column',
          'fields.step.column',
          'fields.current.column',
          'fields.voltage.column',
          'fields.chargeCapacity.column',
          'fields.dischargeCapacity.column',
          'fields.temperature.column',
        ],
      );
      const list = await server.as('owner', { method: 'GET', url: '/api/column-mappings' });
      assert.deepEqual(list.json<{ items: unknown[] }>().items, [], 'nothing was saved');
    });

    test('a saved mapping imports the kept file with the file’s own per-cycle capacities', async () => {
      const saved = await server.as('owner', {
        method: 'POST',
        url: '/api/column-mappings',
        payload: { name: 'rig 7', columns: HOME_MADE_HEADER, ...HOME_MADE_MAPPING },
      });
      assert.equal(saved.statusCode, 201, saved.body);
      const again = await server.as('contributor', {
        method: 'POST',
        url: '/api/column-mappings',
        payload: { name: 'rig 7', columns: HOME_MADE_HEADER, ...HOME_MADE_MAPPING },
      });
      assert.equal(again.statusCode, 409);
      assert.equal(again.json<Problem>().field, 'name');

      const unknown = await server.as('owner', {
        method: 'POST',
        url: `/api/imports/${importId}/retry?mapping=rig%209`,
      });
      assert.equal(unknown.statusCode, 400);
      assert.equal(unknown.json<Problem>().field, 'mapping');
      const retried = await server.as('owner', {
        method: 'POST',
        url: `/api/imports/${importId}/retry?mapping=rig%207`,
      });
      assert.equal(retried.statusCode, 200, retried.body);
      const file = retried.json<{ file: { id: number; format: string } }>().file;
      assert.equal(file.format, 'column-mapped');
      assertOwnFigures(await cyclesOf(file.id), FIRST);
    });

    test('the next file with the same column names imports without asking', async () => {
      const response = await upload(server, 'contributor', experimentId, 'rig-7-next.txt', SECOND.text);
      assert.equal(response.statusCode, 404, 'the contributor cannot see the owner’s private experiment');
      const own = await upload(server, 'owner', experimentId, 'rig-7-next.txt', SECOND.text);
      assert.equal(own.statusCode, 201, own.body);
      const file = own.json<{ file: { id: number; format: string } }>().file;
      assert.equal(file.format, 'column-mapped');
      assertOwnFigures(await cyclesOf(file.id), SECOND);
    });

    test('an upload naming a mapping made for other columns is refused, naming them', async () => {
      const other = SECOND.text.replace('elapsed_min', 'elapsed_s').replace(/\t/g, ',');
      const { payload, headers } = multipart('other.csv', other);
      const response = await server.as('owner', {
        method: 'POST',
        url: `/api/experiments/${experimentId}/files?mapping=rig%207`,
        payload,
        headers,
      });
      assert.equal(response.statusCode, 400, response.body);
      assert.equal(response.json<Problem>().reason, 'mapping-mismatch');
      assert.match(response.json<Problem>().detail, /"rig 7" was made for other column names.*elapsed_s/);
    });

    test('who may list, make and delete mappings', async () => {
      const list = await server.as('reader', { method: 'GET', url: '/api/column-mappings' });
      assert.equal(list.statusCode, 403, 'a read-only account adds no files, so it maps none');
      const anonymous = await server.as('anonymous', { method: 'GET', url: '/api/column-mappings' });
      assert.equal(anonymous.statusCode, 401);
      const items = (await server.as('owner', { method: 'GET', url: '/api/column-mappings' })).json<{
        items: { id: number; name: string; columns: string[] }[];
      }>().items;
      assert.deepEqual(
        items.map((i) => [i.name, i.columns]),
        [['rig 7', HOME_MADE_HEADER]],
      );
      const id = items[0]!.id;
      const byOwner = await server.as('owner', { method: 'DELETE', url: `/api/column-mappings/${id}` });
      assert.equal(byOwner.statusCode, 403, 'not staff');
      const byStaff = await server.as('superuser', { method: 'DELETE', url: `/api/column-mappings/${id}` });
      assert.equal(byStaff.statusCode, 204);
      const gone = await server.as('superuser', { method: 'DELETE', url: `/api/column-mappings/${id}` });
      assert.equal(gone.statusCode, 404);
      const audit = await server.authz.db
        .selectFrom('authz_audit_log')
        .select('action')
        .where('action', 'like', 'data.mapping-%')
        .orderBy('id')
        .execute();
      assert.deepEqual(
        audit.map((a) => a.action),
        ['data.mapping-create', 'data.mapping-delete'],
      );
      // Files imported with it keep their data; a third file in the layout asks again.
      const third = await upload(
        server,
        'owner',
        experimentId,
        'rig-7-third.txt',
        homeMadeCsv({ cycles: 2, seed: 3 }).text,
      );
      assert.equal(third.json<Problem>().reason, 'unknown-layout');
    });
  });
}
