/**
 * The data-out routes: the per-cycle summary, time series for plots (fields, cycle range,
 * downsampling, strict query validation), CSV and JSON export, and the original file.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  syntheticChargeAh,
  syntheticCyclerCsv,
  syntheticDischargeAh,
  type SyntheticCyclerOptions,
} from '../../src/cycler/index.ts';
import { CSV_HEADER } from '../../src/measurements/export-csv.ts';
import { DIALECTS } from '../../../../test-support/databases.ts';
import { dataServer, type DataServer, upload } from '../imports/support/data-server.ts';

const RUN: SyntheticCyclerOptions = {
  cycles: 6,
  pointsPerHalfCycle: 500,
  capacityAh: 1.1,
  fadePerCycle: 0.01,
  seed: 7,
};
const CSV = syntheticCyclerCsv(RUN);
const POINTS = RUN.cycles * 2 * RUN.pointsPerHalfCycle;

interface Series {
  fields: string[];
  totalPoints: number;
  points: number;
  downsampled: boolean;
  method: string;
  columns: Record<string, (number | null)[]>;
}

interface CycleItem {
  fileId: number;
  cellId: number | null;
  cycle: number;
  chargeCapacityAh: number;
  dischargeCapacityAh: number;
  coulombicEfficiency: number | null;
  chargeEnergyWh: number;
  dischargeEnergyWh: number;
  durationS: number;
}

for (const dialect of DIALECTS) {
  describe(`reading an experiment's data (${dialect})`, () => {
    let server: DataServer;
    let experimentId: number;
    let fileId: number;
    const get = (url: string) => server.as('owner', { method: 'GET', url });
    const series = async (query: string) => {
      const response = await get(`/api/experiments/${experimentId}/timeseries${query}`);
      assert.equal(response.statusCode, 200, response.body);
      return response.json<Series>();
    };

    before(async () => {
      server = await dataServer(dialect);
      experimentId = await server.experiment({ title: 'six cycles' });
      const made = await upload(server, 'owner', experimentId, '../../lab/Zellé A;1.csv', CSV);
      assert.equal(made.statusCode, 201, made.body);
      fileId = made.json<{ file: { id: number } }>().file.id;
    });
    after(() => server.close());

    test('cycles: one item per cycle with the summary fields, in Ah, Wh and s', async () => {
      const { items } = (await get(`/api/experiments/${experimentId}/cycles`)).json<{ items: CycleItem[] }>();
      assert.equal(items.length, RUN.cycles);
      assert.deepEqual(Object.keys(items[0]!).sort(), [
        'cellCycle',
        'cellId',
        'chargeCapacityAh',
        'chargeCapacityMahG',
        'chargeEnergyWh',
        'coulombicEfficiency',
        'cycle',
        'dischargeCapacityAh',
        'dischargeCapacityMahG',
        'dischargeEnergyWh',
        'durationS',
        'fileId',
        'label',
      ]);
      for (const item of items) {
        assert.equal(item.fileId, fileId);
        assert.ok(Math.abs(item.dischargeCapacityAh - syntheticDischargeAh(RUN, item.cycle)) < 1e-9);
        assert.ok(Math.abs(item.chargeCapacityAh - syntheticChargeAh(RUN, item.cycle)) < 1e-9);
        assert.ok(Math.abs((item.coulombicEfficiency ?? 0) - 0.999) < 1e-6);
        assert.ok(item.durationS > 3600 && item.dischargeEnergyWh > 0);
      }
    });

    test('timeseries: all samples when few, at most `points` (M4) when many', async () => {
      const all = await series(`?points=${POINTS}`);
      assert.deepEqual(all.fields, ['timeS', 'voltageV', 'currentA']);
      assert.equal(all.totalPoints, POINTS);
      assert.equal(all.points, POINTS);
      assert.equal(all.downsampled, false);
      const few = await series('?fields=timeS,voltageV&points=100');
      assert.equal(few.totalPoints, POINTS);
      assert.ok(few.points <= 100 && few.downsampled && few.method === 'm4', `${few.points} points`);
      assert.equal(few.columns.timeS!.length, few.points);
      const voltages = all.columns.voltageV as number[];
      const kept = few.columns.voltageV as number[];
      assert.equal(Math.max(...kept), Math.max(...voltages), 'the highest voltage survives downsampling');
      assert.equal(Math.min(...kept), Math.min(...voltages), 'and the lowest');
    });

    test('timeseries: a cycle range and chosen fields', async () => {
      const part = await series(
        '?fields=cycle,chargeCapacityAh,temperatureC&cycleFrom=2&cycleTo=3&points=100000',
      );
      assert.equal(part.totalPoints, 2 * 2 * RUN.pointsPerHalfCycle);
      assert.deepEqual([...new Set(part.columns.cycle)], [2, 3]);
      assert.deepEqual(Object.keys(part.columns), ['cycle', 'chargeCapacityAh', 'temperatureC']);
      const one = await series(`?cycleFrom=4&cycleTo=4&fileId=${fileId}`);
      assert.equal(one.totalPoints, 2 * RUN.pointsPerHalfCycle);
      assert.equal((await series('?fileId=987654')).totalPoints, 0);
    });

    test('timeseries: every bad parameter is a 400 naming it', async () => {
      const cases: [string, string, RegExp][] = [
        ['?fields=timeS,volts', 'fields', /"volts" is not a field; the fields are fileId, seq, timeS/],
        ['?fields=timeS,timeS', 'fields', /listed twice/],
        ['?points=abc', 'points', /points must be a whole number from 6 to 100000, got "abc"/],
        ['?points=3', 'points', /from 6/],
        ['?fields=timeS,voltageV,currentA,temperatureC&points=7', 'points', /from 8/],
        ['?points=1000001', 'points', /to 100000/],
        ['?cycleFrom=-1', 'cycleFrom', /cycleFrom must be a whole number/],
        ['?cycleFrom=1.5', 'cycleFrom', /whole number/],
        ['?cycleFrom=5&cycleTo=2', 'cycleTo', /must not be less than cycleFrom/],
        ['?fileId=x', 'fileId', /fileId/],
        ['?colour=red', 'colour', /unknown field "colour"/],
        ['?points=10&points=20', 'points', /given once/],
      ];
      for (const [query, field, detail] of cases) {
        const response = await get(`/api/experiments/${experimentId}/timeseries${query}`);
        assert.equal(response.statusCode, 400, `${query}: ${response.body}`);
        const problem = response.json<{ field: string; detail: string; code: string }>();
        assert.equal(problem.code, 'INVALID_INPUT');
        assert.equal(problem.field, field, query);
        assert.match(problem.detail, detail, query);
      }
    });

    test('export as CSV: Battery Data Format columns, one row per sample, streamed as an attachment', async () => {
      const response = await get(`/api/experiments/${experimentId}/export?format=csv`);
      assert.equal(response.statusCode, 200);
      assert.match(String(response.headers['content-type']), /^text\/csv/);
      assert.match(
        String(response.headers['content-disposition']),
        /^attachment; filename="experiment-\d+\.csv"/,
      );
      const lines = response.body.split('\r\n').filter((l) => l !== '');
      assert.deepEqual(lines[0]!.split(','), CSV_HEADER);
      assert.equal(lines.length, 1 + POINTS);
      const first = lines[1]!.split(',').map(Number);
      assert.equal(first[1], 1, 'cycle 1');
      assert.ok(first[3]! > 0, 'charging current is positive');
    });

    test('the CSV export imports back with the same cycles', async () => {
      const csv = (await get(`/api/experiments/${experimentId}/export?format=csv`)).body;
      const copy = await server.experiment({ title: 'round trip' });
      const made = await upload(server, 'owner', copy, 'export.csv', csv);
      assert.equal(made.statusCode, 201, made.body);
      assert.equal(made.json<{ file: { format: string } }>().file.format, 'bdf-csv');
      const strip = (items: CycleItem[]) => items.map(({ fileId: _, cellId: __, ...rest }) => rest);
      const original = (await get(`/api/experiments/${experimentId}/cycles`)).json<{ items: CycleItem[] }>();
      const again = (await get(`/api/experiments/${copy}/cycles`)).json<{ items: CycleItem[] }>();
      assert.deepEqual(strip(again.items), strip(original.items));
    });

    test('export as JSON: files, cycles and every sample keyed by field', async () => {
      const response = await get(`/api/experiments/${experimentId}/export?format=json`);
      assert.equal(response.statusCode, 200);
      assert.match(String(response.headers['content-type']), /^application\/json/);
      const doc = response.json<{
        experimentId: number;
        files: { id: number }[];
        cycles: unknown[];
        fields: string[];
        points: Record<string, number | null>[];
      }>();
      assert.equal(doc.experimentId, experimentId);
      assert.deepEqual(
        doc.files.map((f) => f.id),
        [fileId],
      );
      assert.equal(doc.cycles.length, RUN.cycles);
      assert.equal(doc.points.length, POINTS);
      assert.deepEqual(Object.keys(doc.points[0]!), doc.fields);
      assert.equal(doc.points[0]!.seq, 1);
      const bad = await get(`/api/experiments/${experimentId}/export?format=xml`);
      assert.equal(bad.statusCode, 400);
      assert.equal(bad.json<{ field: string }>().field, 'format');
    });

    test('the original file: byte for byte, as an attachment with a safe name', async () => {
      const files = (await get(`/api/experiments/${experimentId}/files`)).json<{
        items: { id: number; fileName: string; sizeBytes: number }[];
      }>();
      assert.equal(files.items[0]!.fileName, 'Zellé A;1.csv', 'no directories');
      const response = await get(`/api/experiments/${experimentId}/files/${fileId}`);
      assert.equal(response.statusCode, 200);
      assert.equal(response.body, CSV);
      assert.equal(response.headers['content-type'], 'application/octet-stream');
      assert.equal(Number(response.headers['content-length']), Buffer.byteLength(CSV));
      assert.equal(response.headers['x-content-type-options'], 'nosniff');
      assert.equal(
        response.headers['content-disposition'],
        `attachment; filename="Zell_ A_1.csv"; filename*=UTF-8''Zell%C3%A9%20A%3B1.csv`,
      );
      assert.equal((await get(`/api/experiments/${experimentId}/files/987654`)).statusCode, 404);
    });
  });
}
