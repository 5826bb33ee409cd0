/**
 * Issue 25: memory stays flat in the size of the file — importing, reading (the whole-test
 * overview, every sample page by page) and exporting a file of 600,000 samples takes no more
 * heap than doing the same with 50,000, give or take what the collector leaves lying around.
 * A step that kept the file's samples (≥ 100 MiB as row objects, 45 MiB as CSV text) in memory
 * would exceed the margin. No timing: the live heap only (a full collection before each look).
 */
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { runInNewContext } from 'node:vm';
import { setFlagsFromString } from 'node:v8';
import { after, before, describe, test } from 'node:test';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../../../../test-support/databases.ts';
import { createAppAuthz } from '../../src/authz/create-app-authz.ts';
import { parseDatabaseUrl } from '../../src/config/database-url.ts';
import { syntheticCyclerCsvChunks } from '../../src/cycler/index.ts';
import { connect, type Connection } from '../../src/db/connect.ts';
import { createExperiments } from '../../src/experiments/create-experiments.ts';
import { runImport } from '../../src/imports/run-import.ts';
import { exportCsv } from '../../src/measurements/export-csv.ts';
import { findTimeseries } from '../../src/measurements/find-timeseries.ts';
import { readPoints } from '../../src/measurements/read-points.ts';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const MIB = 2 ** 20;
/** What the collector may leave lying around beyond the small file's figure. */
const MARGIN = 20 * MIB;
const SMALL = 50_000;
const LARGE = 600_000;

function* bytes(chunks: Iterable<string>): Generator<Buffer> {
  for (const chunk of chunks) yield Buffer.from(chunk);
}

/**
 * Peak live heap above the level after a full collection, while `fn` runs: every 100 ms (from a
 * timer, or from `sample` where the work leaves timers no turn) a full collection, then the heap
 * — what is kept, not what the collector has yet to sweep.
 */
async function peakGrowth(fn: (sample: () => void) => Promise<void>): Promise<number> {
  gc();
  const base = process.memoryUsage().heapUsed;
  let peak = base;
  let last = 0;
  const sample = () => {
    if (Date.now() - last < 100) return;
    gc();
    peak = Math.max(peak, process.memoryUsage().heapUsed);
    last = Date.now();
  };
  const timer = setInterval(sample, 100);
  try {
    await fn(sample);
  } finally {
    clearInterval(timer);
  }
  return peak - base;
}

for (const dialect of DIALECTS)
  describe(`memory flat in the file's size (${dialect})`, () => {
    let database: TestDatabase;
    let connection: Connection;
    before(async () => {
      database = await createTestDatabase(dialect);
      connection = await connect(parseDatabaseUrl(database.url));
    });
    after(async () => {
      await connection.close();
      await database.drop();
    });

    test('import, overview, every sample and the CSV export of 600,000 samples as of 50,000', async () => {
      const authz = createAppAuthz(connection.db);
      await authz.migrateAll();
      const user = await authz.createUser({ username: 'scientist', isSuperuser: true });
      const growth: Record<string, number[]> = { import: [], overview: [], points: [], export: [] };
      for (const samples of [SMALL, LARGE]) {
        const [experiment] = await createExperiments(authz, user.id, [{ title: `${samples} samples` }]);
        const experimentId = Number(experiment!.id);
        const run = {
          cycles: samples / 2000,
          pointsPerHalfCycle: 1000,
          capacityAh: 2,
          fadePerCycle: 1e-4,
          seed: 7,
        };
        growth.import!.push(
          await peakGrowth(async (sample) => {
            const result = await runImport(connection, {
              experimentId,
              userId: user.id,
              fileName: 'cell.csv',
              input: Readable.from(bytes(syntheticCyclerCsvChunks(run))),
              maxBytes: Number.MAX_SAFE_INTEGER,
              onPublish: () => Promise.resolve(sample()),
            });
            assert.ok(result.ok && result.file.points === samples);
          }),
        );
        growth.overview!.push(
          await peakGrowth(async () => {
            const plot = await findTimeseries(connection.db, {
              experimentId,
              fields: ['timeS', 'voltageV', 'currentA'],
              maxPoints: 2000,
            });
            assert.equal(plot.totalPoints, samples);
          }),
        );
        growth.points!.push(
          await peakGrowth(async (sample) => {
            let n = 0;
            for await (const page of readPoints(connection.db, { experimentId }, ['time_s', 'voltage_v'])) {
              n += page.length;
              sample();
            }
            assert.equal(n, samples);
          }),
        );
        growth.export!.push(
          await peakGrowth(async (sample) => {
            let lines = 0;
            for await (const text of exportCsv(connection.db, { experimentId })) {
              lines += text.toString('latin1').split('\n').length - 1;
              sample();
            }
            assert.equal(lines, samples + 1);
          }),
        );
      }
      for (const [step, [small, large]] of Object.entries(growth))
        assert.ok(
          large! <= small! + MARGIN,
          `${step}: ${(large! / MIB).toFixed(1)} MiB for ${LARGE} samples, ${(small! / MIB).toFixed(1)} MiB for ${SMALL}`,
        );
    });
  });
