/**
 * Issue 25: the whole-test overview of an experiment reads every file's blocks of the level that
 * suits the plot in one statement — its statements do not grow with the number of files (the
 * 10M-sample tier's 100 files cost 202 statements, 89 ms on PostgreSQL). Counted here as the
 * statements the overview runs and the block rows they return, never as time. And what it
 * returns is still the M4 overview promised: every point a real sample, with its values equal to
 * the file's own, and each plot bucket's first, last, smallest and largest sample present.
 */
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import fc from 'fast-check';
import type { Kysely, KyselyPlugin, QueryId } from 'kysely';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../../../../test-support/databases.ts';
import { createAppAuthz } from '../../src/authz/create-app-authz.ts';
import { parseDatabaseUrl } from '../../src/config/database-url.ts';
import { syntheticCyclerCsvChunks } from '../../src/cycler/index.ts';
import { connect, type Connection } from '../../src/db/connect.ts';
import type { Database } from '../../src/db/schema.ts';
import { createExperiments } from '../../src/experiments/create-experiments.ts';
import { runImport } from '../../src/imports/run-import.ts';
import { findTimeseries, type Timeseries } from '../../src/measurements/find-timeseries.ts';
import { blockHeaders } from '../../src/measurements/block-reader.ts';
import {
  type CountedFile,
  fileGroups,
  GROUP_SAMPLES,
  keptBound,
  readLevelBlocks,
} from '../../src/measurements/overview-read.ts';
import { filteredFiles, readPoints } from '../../src/measurements/read-points.ts';

/**
 * Files of 6,144 samples (24 buckets of level 1): six of them are 36,864 samples, and a plot of
 * 72 points of two measured fields has 12 buckets of 3,072 = 12 level-1 buckets each, so every
 * plot bucket's edges are level buckets' edges and its extremes are exactly among the kept ones.
 */
const HALF = 1024;
const CYCLES = 3;
const FILE_SAMPLES = 2 * HALF * CYCLES;
const FILES = 6;
const FIELDS = ['fileId', 'seq', 'timeS', 'voltageV', 'currentA'] as const;
/** maxPoints → the level read: every sample (not downsampled), level 1 (12 buckets), level 2 (1 bucket). */
const PLOTS = [
  { maxPoints: 100_000, level: 0 },
  { maxPoints: 72, level: 1 },
  { maxPoints: 6, level: 2 },
];

const least = (values: number[]) => values.reduce((a, b) => Math.min(a, b), Infinity);

function* bytes(chunks: Iterable<string>): Generator<Buffer> {
  for (const chunk of chunks) yield Buffer.from(chunk);
}

/** A view of `db` that counts its statements and the levels of the sample blocks they return. */
function counted(db: Kysely<Database>) {
  const reads = { statements: 0, blockStatements: 0, blockLevels: new Set<number>() };
  const onBlocks = new WeakMap<QueryId, boolean>();
  const plugin: KyselyPlugin = {
    transformQuery(args) {
      reads.statements += 1;
      const text = JSON.stringify(args.node);
      onBlocks.set(args.queryId, text.includes('"name":"sample_block"') && text.includes('"name":"data"'));
      return args.node;
    },
    transformResult(args) {
      if (onBlocks.get(args.queryId)) {
        reads.blockStatements += 1;
        for (const row of args.result.rows) reads.blockLevels.add(Number(row.level));
      }
      return Promise.resolve(args.result);
    },
  };
  return { db: db.withPlugin(plugin), reads };
}

describe('files cut into runs for one statement each', () => {
  test('in order, every file once, each run within the budget unless one file alone exceeds it (property)', () => {
    const files = fc.array(
      fc.record({ id: fc.nat(), points: fc.integer({ min: 0, max: 3 * GROUP_SAMPLES }) }),
      { maxLength: 60 },
    );
    fc.assert(
      fc.property(files, fc.integer({ min: 0, max: 3 }), (list: CountedFile[], level) => {
        const groups = fileGroups(list, level);
        assert.deepEqual(groups.flat(), list);
        for (const group of groups) {
          assert.ok(group.length > 0);
          const kept = group.reduce((sum, f) => sum + keptBound(f.points, level), 0);
          assert.ok(kept <= GROUP_SAMPLES || group.length === 1, `${kept} samples in ${group.length} files`);
        }
        // Runs are as long as the budget allows: a run and the next file would exceed it.
        for (let g = 0; g + 1 < groups.length; g++) {
          const kept = [...groups[g]!, groups[g + 1]![0]!].reduce(
            (sum, f) => sum + keptBound(f.points, level),
            0,
          );
          assert.ok(kept > GROUP_SAMPLES, `runs ${g} and ${g + 1} would fit together`);
        }
      }),
      { numRuns: 200 },
    );
  });
});

for (const dialect of DIALECTS)
  describe(`the whole-test overview reads all files at once (${dialect})`, () => {
    let database: TestDatabase;
    let connection: Connection;
    /** Experiments by their number of files. */
    const experiments = new Map<number, number>();
    before(async () => {
      database = await createTestDatabase(dialect);
      connection = await connect(parseDatabaseUrl(database.url));
      const authz = createAppAuthz(connection.db);
      await authz.migrateAll();
      const userId = (await authz.createUser({ username: 'scientist', isSuperuser: true })).id;
      for (const files of [1, FILES]) {
        const [experiment] = await createExperiments(authz, userId, [{ title: `${files} files` }]);
        const experimentId = Number(experiment!.id);
        for (let f = 0; f < files; f++) {
          const run = {
            cycles: CYCLES,
            pointsPerHalfCycle: HALF,
            capacityAh: 2,
            fadePerCycle: 1e-3,
            seed: 7 + f,
          };
          const result = await runImport(connection, {
            experimentId,
            userId,
            fileName: `run-${f}.csv`,
            input: Readable.from(bytes(syntheticCyclerCsvChunks(run))),
            maxBytes: Number.MAX_SAFE_INTEGER,
          });
          assert.ok(result.ok);
          assert.equal(result.file.points, FILE_SAMPLES);
        }
        experiments.set(files, experimentId);
      }
    });
    after(async () => {
      await connection.close();
      await database.drop();
    });

    const overview = (db: Kysely<Database>, files: number, maxPoints: number): Promise<Timeseries> =>
      findTimeseries(db, { experimentId: experiments.get(files)!, fields: [...FIELDS], maxPoints });

    test('the same statements for one file and for six, at every level: the files, then all their blocks', async () => {
      for (const { maxPoints, level } of PLOTS) {
        const counts = [];
        for (const files of [1, FILES]) {
          const { db, reads } = counted(connection.db);
          const series = await overview(db, files, maxPoints);
          assert.equal(series.totalPoints, files * FILE_SAMPLES);
          assert.deepEqual(
            [...reads.blockLevels],
            [level],
            `${files} files, ${maxPoints} points: level ${level}`,
          );
          counts.push({ statements: reads.statements, blockStatements: reads.blockStatements });
        }
        assert.deepEqual(counts, [
          { statements: 2, blockStatements: 1 },
          { statements: 2, blockStatements: 1 },
        ]);
      }
    });

    test("each point is a real sample, and each bucket's first, last, smallest and largest are there", async () => {
      const experimentId = experiments.get(FILES)!;
      // Every sample, in the overview's order (files in upload order, then seq).
      const samples: Record<(typeof FIELDS)[number], number | null>[] = [];
      for await (const page of readPoints(connection.db, { experimentId }, [
        'file_id',
        'seq',
        'time_s',
        'voltage_v',
        'current_a',
      ]))
        for (const r of page)
          samples.push({
            fileId: r.file_id,
            seq: r.seq,
            timeS: r.time_s,
            voltageV: r.voltage_v,
            currentA: r.current_a,
          });
      assert.equal(samples.length, FILES * FILE_SAMPLES);
      const position = new Map(samples.map((s, i) => [`${s.fileId}:${s.seq}`, i]));

      for (const { maxPoints } of PLOTS) {
        const series = await overview(connection.db, FILES, maxPoints);
        const points = series.columns.seq!.map((_, i) =>
          Object.fromEntries(FIELDS.map((f) => [f, series.columns[f]![i]!])),
        );
        assert.ok(points.length <= maxPoints, `${points.length} of at most ${maxPoints}`);
        // Real samples, in order, each equal to the file's own.
        const at = points.map((p) => position.get(`${p.fileId}:${p.seq}`));
        at.forEach((i, k) => {
          assert.ok(i !== undefined, `point ${k} is a sample`);
          assert.deepEqual(points[k], samples[i], `point ${k}: the file's own values`);
          if (k > 0) assert.ok(i > at[k - 1]!, 'in the samples’ order');
        });
        if (!series.downsampled) {
          assert.equal(points.length, samples.length, 'every sample when they fit');
          continue;
        }
        const buckets = Math.floor(maxPoints / 6);
        for (let b = 0; b < buckets; b++) {
          const from = (b * samples.length) / buckets;
          const to = ((b + 1) * samples.length) / buckets;
          const bucket = samples.slice(from, to);
          const kept = at.map((i, k) => ({ i: i!, p: points[k]! })).filter(({ i }) => i >= from && i < to);
          const ids = kept.map(({ i }) => i);
          assert.ok(ids.includes(from) && ids.includes(to - 1), `bucket ${b}: first and last`);
          for (const field of ['voltageV', 'currentA'] as const) {
            const all = bucket.map((s) => s[field]!);
            const shown = kept.map(({ p }) => p[field]!);
            assert.equal(least(shown), least(all), `bucket ${b}: smallest ${field}`);
            assert.equal(
              -least(shown.map((v) => -v)),
              -least(all.map((v) => -v)),
              `bucket ${b}: largest ${field}`,
            );
          }
        }
      }
    });

    test('runs of files: every block of every file once, in the order given, one statement a run', async () => {
      const experimentId = experiments.get(FILES)!;
      const files = await filteredFiles(connection.db, { experimentId });
      const cases = [
        // Two files a run: three statements.
        { level: 0, files, budget: 2 * FILE_SAMPLES, statements: 3 },
        // Each file above the budget alone: its headers, then its two blocks in one fetch.
        { level: 0, files, budget: FILE_SAMPLES - 1, statements: 2 * FILES },
        // Level 1 keeps at most 480 of a file's samples: all six in one run, in the order given.
        { level: 1, files: [...files].reverse(), budget: FILE_SAMPLES - 1, statements: 1 },
      ];
      for (const c of cases) {
        const expected = [];
        for (const file of c.files)
          for (const h of await blockHeaders(connection.db, { experimentId, fileId: file.id }, c.level))
            expected.push([file.id, h.firstSeq, h.count]);
        const { db, reads } = counted(connection.db);
        const got = [];
        for await (const { fileId, read } of readLevelBlocks(db, experimentId, c.files, c.level, c.budget)) {
          assert.equal(read.block.count, read.count);
          got.push([fileId, read.firstSeq, read.count]);
        }
        assert.deepEqual(got, expected, `level ${c.level}, budget ${c.budget}`);
        assert.equal(reads.statements, c.statements, `level ${c.level}, budget ${c.budget}: statements`);
      }
    });
  });
