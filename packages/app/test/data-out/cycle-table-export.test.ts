/**
 * Per-cycle tables (issue 21) through `GET /api/experiments/:id/cycles?format=…`, grouped per
 * cell (each upload here is its own cell, then a second file joins the first cell), on every
 * dialect, read back with independent readers (csv-parse, read-excel-file, hyparquet): every
 * cycle's capacities equal the cycler file's own capacity columns, mAh/g follows the active
 * mass, the three formats hold the same numbers, the workbook's metadata sheet names the source
 * files with their SHA-256, and the experiment's decision applies (404 invisible, 400 bad format).
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { DIALECTS } from '../../../../test-support/databases.ts';
import { dataServer, type DataServer, upload } from '../imports/support/data-server.ts';
import { FIXTURE_FILES, fixture } from '../support/fixture-cyclers.ts';
import { readCsv, readParquet, readWorkbook, sheetObjects } from '../support/read-exports.ts';

const FILES = ['neware/nw4-120-6-1-36.ndax', 'maccor/maccor_002.txt', 'arbin/sample_data_arbin.csv'];
const MASS_MG = 12.5;

for (const dialect of DIALECTS) {
  describe(`per-cycle tables as CSV, XLSX and Parquet (${dialect})`, () => {
    let server: DataServer;
    let experimentId: number;
    const fileIds = new Map<string, number>();
    /** Each file's cell: its id and its label. */
    const cellOf = new Map<string, { id: number; label: string }>();
    before(async () => {
      server = await dataServer(dialect);
      experimentId = await server.experiment({ title: 'three cells, =SUM(1)', activeMassMg: MASS_MG });
      for (const file of FILES) {
        const response = await upload(
          server,
          'owner',
          experimentId,
          path.basename(file),
          readFileSync(fixture(file)),
        );
        assert.equal(response.statusCode, 201, response.body);
        fileIds.set(file, response.json<{ file: { id: number } }>().file.id);
      }
      const cells = (
        await server.as('owner', { method: 'GET', url: `/api/experiments/${experimentId}/cells` })
      ).json<{ items: { id: number; label: string; files: { id: number }[] }[] }>().items;
      for (const [file, id] of fileIds) {
        const cell = cells.find((c) => c.files.some((f) => f.id === id))!;
        cellOf.set(file, { id: cell.id, label: cell.label });
      }
    });
    after(() => server.close());

    const download = async (query: string, caller: 'owner' | 'reader' | 'anonymous' = 'owner') =>
      server.as(caller, { method: 'GET', url: `/api/experiments/${experimentId}/cycles?${query}` });

    test('CSV: every cycle of every file equals the file’s own capacity columns; mAh/g from the mass', async () => {
      const response = await download('format=csv');
      assert.equal(response.statusCode, 200, response.body);
      assert.match(String(response.headers['content-type']), /^text\/csv/);
      assert.match(
        String(response.headers['content-disposition']),
        /attachment; filename="experiment-\d+-cycles\.csv"/,
      );
      const rows = readCsv(response.body);
      assert.deepEqual(Object.keys(rows[0]!), [
        'cell_id',
        'cell_label',
        'file_id',
        'cycle',
        'file_cycle',
        'charge_capacity_Ah',
        'discharge_capacity_Ah',
        'charge_capacity_mAh_g',
        'discharge_capacity_mAh_g',
        'coulombic_efficiency_percent',
        'charge_energy_Wh',
        'discharge_energy_Wh',
        'duration_s',
      ]);
      for (const file of FILES) {
        const expected = FIXTURE_FILES[file]!;
        const own = await expected.own();
        const ours = rows.filter((r) => Number(r.file_id) === fileIds.get(file));
        assert.equal(ours.length, own.size, `${file}: cycles`);
        for (const row of ours) {
          assert.equal(Number(row.cell_id), cellOf.get(file)!.id);
          assert.equal(row.cell_label, cellOf.get(file)!.label);
          assert.equal(row.cycle, row.file_cycle, 'one file per cell: the cell’s numbering is the file’s');
          const [charge, discharge] = own.get(Number(row.file_cycle))!;
          const q = Number(row.charge_capacity_Ah);
          const d = Number(row.discharge_capacity_Ah);
          assert.ok(
            Math.abs(q - charge) <= expected.tolerance,
            `${file} cycle ${row.cycle}: Qch ${q} vs ${charge}`,
          );
          assert.ok(
            Math.abs(d - discharge) <= expected.tolerance,
            `${file} cycle ${row.cycle}: Qdis ${d} vs ${discharge}`,
          );
          // mAh/g: Ah × 1000 mAh/Ah ÷ (12.5 mg = 0.0125 g).
          assert.ok(
            Math.abs(Number(row.discharge_capacity_mAh_g) - d / 0.0000125) <
              1e-9 * Math.max(1, d / 0.0000125),
          );
          if (q > 0) assert.ok(Math.abs(Number(row.coulombic_efficiency_percent) - (100 * d) / q) < 1e-9);
        }
      }
    });

    test('XLSX: a sheet per cell (the CSV’s numbers exactly) and a metadata sheet with the SHA-256 of each source', async () => {
      const csv = readCsv((await download('format=csv')).body);
      const response = await download('format=xlsx');
      assert.equal(response.statusCode, 200, response.body);
      assert.equal(
        response.headers['content-type'],
        'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      );
      const book = await readWorkbook(response.rawPayload);
      assert.deepEqual(
        book.map((s) => s.sheet),
        [...FILES.map((f) => cellOf.get(f)!.label), 'metadata'],
      );
      for (const file of FILES) {
        const sheet = sheetObjects(book.find((s) => s.sheet === cellOf.get(file)!.label)!.data);
        const expected = csv.filter((r) => Number(r.file_id) === fileIds.get(file));
        assert.equal(sheet.length, expected.length);
        sheet.forEach((row, i) => {
          for (const [column, value] of Object.entries(row))
            assert.equal(
              value,
              expected[i]![column] === '' ? null : Number(expected[i]![column]),
              `${file} ${column}`,
            );
        });
      }
      const metadata = book.find((s) => s.sheet === 'metadata')!.data;
      const cells = metadata.flat().map(String);
      assert.ok(cells.includes('three cells, =SUM(1)'), 'the experiment title, as text');
      for (const file of FILES) {
        const sha = createHash('sha256')
          .update(readFileSync(fixture(file)))
          .digest('hex');
        const row = metadata.find((r) => r[1] === path.basename(file) && r[3] === sha);
        assert.ok(row, `${file}: its row names the file and its SHA-256`);
      }
      assert.ok(cells.includes('discharge_capacity_mAh_g'), 'the columns are explained');
      for (const file of FILES) {
        const row = metadata.find((r) => r[1] === cellOf.get(file)!.id && r[2] === cellOf.get(file)!.label);
        assert.equal(row?.[3], MASS_MG, `${file}: its cell and the cell’s mass`);
      }
    });

    test('Parquet: Snappy-compressed, typed columns, the CSV’s numbers exactly, metadata inside', async () => {
      const csv = readCsv((await download('format=csv')).body);
      const response = await download('format=parquet');
      assert.equal(response.statusCode, 200, response.body);
      const parquet = await readParquet(response.rawPayload);
      assert.deepEqual([...parquet.codecs], ['SNAPPY']);
      assert.equal(parquet.types.cycle, 'INT32');
      assert.equal(parquet.types.discharge_capacity_Ah, 'DOUBLE');
      assert.equal(parquet.types.cell_label, 'BYTE_ARRAY');
      assert.equal(parquet.rows.length, csv.length);
      parquet.rows.forEach((row, i) => {
        for (const [column, value] of Object.entries(row)) {
          const text = csv[i]![column]!;
          assert.equal(value, column === 'cell_label' ? text : text === '' ? null : Number(text), column);
        }
      });
      const about = JSON.parse(parquet.metadata.batterydb!) as {
        experiment: { id: number };
        groups: unknown[];
      };
      assert.equal(about.experiment.id, experimentId);
      assert.equal(about.groups.length, FILES.length);
    });

    test('one file only (fileId); a file the experiment does not have is 404 on fileId', async () => {
      const fileId = fileIds.get(FILES[0]!)!;
      const rows = readCsv((await download(`format=csv&fileId=${fileId}`)).body);
      assert.ok(rows.length > 0 && rows.every((r) => Number(r.file_id) === fileId));
      const book = await readWorkbook((await download(`format=xlsx&fileId=${fileId}`)).rawPayload);
      assert.deepEqual(
        book.map((s) => s.sheet),
        [cellOf.get(FILES[0]!)!.label, 'metadata'],
      );
      const missing = await download('format=csv&fileId=999999');
      assert.equal(missing.statusCode, 404);
      assert.equal(missing.json<{ field: string }>().field, 'fileId');
    });

    test('one cell (cellId): its files in order, cycles continued across them; an unknown cell is 404 on cellId', async () => {
      const first = FILES[0]!;
      const second = FILES[2]!;
      const cell = cellOf.get(first)!;
      const before = readCsv((await download(`format=csv&cellId=${cell.id}`)).body);
      const last = Math.max(...before.map((r) => Number(r.cycle)));
      const added = await upload(
        server,
        'owner',
        experimentId,
        path.basename(second),
        readFileSync(fixture(second)),
        {
          allowDuplicate: true,
          cellId: cell.id,
        },
      );
      assert.equal(added.statusCode, 201, added.body);
      const addedId = added.json<{ file: { id: number } }>().file.id;
      const rows = readCsv((await download(`format=csv&cellId=${cell.id}`)).body);
      assert.ok(rows.every((r) => Number(r.cell_id) === cell.id));
      assert.deepEqual(rows.slice(0, before.length), before, 'the first file first, unchanged');
      const next = rows.slice(before.length);
      const own = await FIXTURE_FILES[second]!.own();
      assert.equal(next.length, own.size);
      const firstOwn = Math.min(...next.map((r) => Number(r.file_cycle)));
      for (const row of next) {
        assert.equal(Number(row.file_id), addedId);
        assert.equal(Number(row.cycle), last + 1 + Number(row.file_cycle) - firstOwn, 'numbered on');
        const [, discharge] = own.get(Number(row.file_cycle))!;
        assert.ok(
          Math.abs(Number(row.discharge_capacity_Ah) - discharge) <= FIXTURE_FILES[second]!.tolerance,
        );
      }
      const book = await readWorkbook((await download(`format=xlsx&cellId=${cell.id}`)).rawPayload);
      assert.deepEqual(
        book.map((s) => s.sheet),
        [cell.label, 'metadata'],
      );
      const sources = book.find((s) => s.sheet === 'metadata')!.data.filter((r) => r[5] === cell.id);
      assert.deepEqual(
        sources.map((r) => [r[0], r[6]]),
        [
          [fileIds.get(first), 1],
          [addedId, 2],
        ],
      );
      const missing = await download('format=csv&cellId=999999');
      assert.equal(missing.statusCode, 404);
      assert.equal(missing.json<{ field: string }>().field, 'cellId');
    });

    test('the experiment decides: 404 to a reader of a private experiment, 401 signed out, 400 for a bad format', async () => {
      for (const format of ['csv', 'xlsx', 'parquet', 'json']) {
        assert.equal((await download(`format=${format}`, 'reader')).statusCode, 404, format);
        assert.equal((await download(`format=${format}`, 'anonymous')).statusCode, 401, format);
      }
      const bad = await download('format=xls');
      assert.equal(bad.statusCode, 400);
      assert.match(bad.body, /format/);
    });

    test('without an active mass there are no mAh/g columns; a public experiment exports to a reader', async () => {
      const id = await server.experiment({ title: 'no mass', status: 'public' });
      const file = FILES[2]!;
      await upload(server, 'owner', id, path.basename(file), readFileSync(fixture(file)));
      const response = await server.as('reader', {
        method: 'GET',
        url: `/api/experiments/${id}/cycles?format=csv`,
      });
      assert.equal(response.statusCode, 200);
      const header = response.body.split('\r\n')[0]!;
      assert.doesNotMatch(header, /mAh_g/);
      assert.match(header, /discharge_capacity_Ah/);
    });
  });
}
