/**
 * Every real cycler file of shared/data/cyclers (SOURCES.md A1–A9) goes through the HTTP upload,
 * on every dialect, and the stored cycles carry the figures SOURCES.md gives; the original comes
 * back byte for byte. Without the folder the run reports them skipped with the reason (failed under CI=true).
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { DIALECTS } from '../../../../test-support/databases.ts';
import { CYCLER_DATA, HAVE_CYCLER_DATA, mAh, withoutCyclerData } from './support/cycler-files.ts';
import { dataServer, type DataServer, upload } from './support/data-server.ts';

interface Cycle {
  fileId: number;
  cycle: number;
  label: string | null;
  chargeCapacityAh: number;
  dischargeCapacityAh: number;
  coulombicEfficiency: number | null;
}

interface Expected {
  format: string;
  points: number;
  cycles: number[] | number;
  /** [cycle, Qdis in Ah, tolerance] */
  qdis?: [number, number, number][];
  qchg?: [number, number, number][];
  check?: (cycles: Cycle[]) => void;
}

const near = (actual: number | undefined, expected: number, tolerance: number, what: string) =>
  assert.ok(
    actual !== undefined && Math.abs(actual - expected) <= tolerance,
    `${what}: expected ${expected} ± ${tolerance}, got ${actual}`,
  );

/** SOURCES.md's figures per file (row counts exclude header lines; EIS rows are not samples). */
const FILES: Record<string, Expected> = {
  'arbin/arbin_example.csv': {
    format: 'arbin-csv',
    points: 2142,
    cycles: [1, 2],
    qdis: [
      [1, 1.0724, 5e-5],
      [2, 1.0729, 5e-5],
    ],
  },
  'maccor/xTESLADIAG_000038con.078': {
    format: 'maccor-text',
    points: 3873,
    cycles: [0, 1, 2, 3, 4, 5, 6, 7],
    qdis: [
      [0, 4.394, 5e-4],
      [7, 4.347, 5e-4],
    ],
    // Amp-hr resets at every step: charge = CC (step 4) + CV (step 5).
    qchg: [[1, 3.931 + 0.4855, 5e-4]],
  },
  'biologic/Sample_data_biologic_CA1.txt': {
    format: 'biologic-text',
    points: 1397,
    cycles: [0],
    qdis: [[0, 32.37135 * mAh, 1e-7]],
  },
  'biologic/250116_kigr_gen6_01_02_GCPL_CD8.mpr': {
    format: 'biologic-mpr',
    points: 3791,
    // Half cycles 0–5: three formation cycles.
    cycles: [0, 1, 2],
    qdis: [[0, 1.7896 * mAh, 1e-7]],
    qchg: [[0, 2.3501 * mAh, 1e-7]],
  },
  'neware/neware_uio.csv': {
    format: 'neware-csv',
    points: 9065,
    cycles: [1, 2, 3, 4],
    qdis: [
      [1, 4.68 * mAh, 0.01 * mAh],
      [2, 4.07 * mAh, 0.01 * mAh],
      [3, 4.03 * mAh, 0.01 * mAh],
      [4, 3.32 * mAh, 0.01 * mAh],
    ],
  },
  'neware/custom_data_003.xls': {
    format: 'neware-xls',
    points: 2943,
    cycles: 14,
    qdis: [
      [1, 3.524 * mAh, 5e-7],
      [14, 1.211 * mAh, 5e-7],
    ],
    // Cycle 1 starts with a discharge: no charge, no coulombic efficiency.
    check: (cycles) => assert.equal(cycles.find((c) => c.cycle === 1)?.coulombicEfficiency, null),
  },
  'bdf/SINTEF__LiGrR2032__2024-04-30__25degC__Landt.bdf.csv': {
    format: 'bdf-csv',
    points: 25162,
    cycles: [1, 2],
    qdis: [[1, 6.3 * mAh, 1e-9]],
    qchg: [[1, 3.2 * mAh, 1e-9]],
  },
  'batterydata/p492-13-raw.csv': {
    format: 'batterydata-raw',
    // 2,021 rows of which 78 are EIS rows, not cycling samples.
    points: 2021 - 78,
    cycles: [1, 2, 3, 4, 5, 6, 8, 9],
  },
  'batterydata/p492-13-summary.csv': {
    format: 'batterydata-summary',
    points: 0,
    cycles: 267,
    check: (cycles) => {
      const checks = cycles.filter((c) => c.label === 'Capacity check');
      assert.equal(checks.length, 5);
      near(checks[0]?.dischargeCapacityAh, 21.74 * mAh, 0.005 * mAh, 'first capacity check');
      near(checks.at(-1)?.dischargeCapacityAh, 20.89 * mAh, 0.005 * mAh, 'last capacity check');
    },
  },
};

if (!HAVE_CYCLER_DATA) {
  withoutCyclerData('importing the real cycler files over HTTP');
} else {
  for (const dialect of DIALECTS) {
    describe(`importing the real cycler files over HTTP (${dialect})`, () => {
      let server: DataServer;
      before(async () => (server = await dataServer(dialect)));
      after(() => server.close());

      for (const [file, expected] of Object.entries(FILES)) {
        test(`${file}: ${expected.format}, cycles and capacities as SOURCES.md gives`, async () => {
          const bytes = readFileSync(path.join(CYCLER_DATA, file));
          const experimentId = await server.experiment({ title: file });
          const response = await upload(server, 'owner', experimentId, path.basename(file), bytes);
          assert.equal(response.statusCode, 201, response.body);
          const { import: record, file: stored } = response.json<{
            import: { status: string; points: number; fileId: number };
            file: { id: number; format: string; points: number; sizeBytes: number; sha256: string };
          }>();
          assert.equal(record.status, 'done');
          assert.equal(stored.format, expected.format);
          assert.equal(stored.points, expected.points);
          assert.equal(stored.sizeBytes, bytes.length);
          assert.equal(stored.sha256, createHash('sha256').update(bytes).digest('hex'));

          const cycles = (
            await server.as('owner', { method: 'GET', url: `/api/experiments/${experimentId}/cycles` })
          ).json<{ items: Cycle[] }>().items;
          if (typeof expected.cycles === 'number') assert.equal(cycles.length, expected.cycles);
          else
            assert.deepEqual(
              cycles.map((c) => c.cycle),
              expected.cycles,
            );
          for (const [cycle, q, tolerance] of expected.qdis ?? [])
            near(cycles.find((c) => c.cycle === cycle)?.dischargeCapacityAh, q, tolerance, `Qdis ${cycle}`);
          for (const [cycle, q, tolerance] of expected.qchg ?? [])
            near(cycles.find((c) => c.cycle === cycle)?.chargeCapacityAh, q, tolerance, `Qchg ${cycle}`);
          expected.check?.(cycles);

          const series = (
            await server.as('owner', {
              method: 'GET',
              url: `/api/experiments/${experimentId}/timeseries?points=100`,
            })
          ).json<{ totalPoints: number; points: number }>();
          assert.equal(series.totalPoints, expected.points);
          assert.ok(series.points <= 100);

          const original = await server.as('reader', {
            method: 'GET',
            url: `/api/experiments/${experimentId}/files/${stored.id}`,
          });
          assert.equal(original.statusCode, 404, 'a private experiment’s file is invisible to a reader');
          const download = await server.as('owner', {
            method: 'GET',
            url: `/api/experiments/${experimentId}/files/${stored.id}`,
          });
          assert.equal(download.statusCode, 200);
          assert.ok(download.rawPayload.equals(bytes), 'the original comes back byte for byte');
        });
      }
    });
  }
}
