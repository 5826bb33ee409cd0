/**
 * Data at lab scale (SPEC §7, issue 25): `node --import tsx --conditions=@batterydb/source
 * packages/app/bench/data-scale.ts --db sqlite|postgres|both [--samples 300000,3000000] [--repeat 7]
 * [--files 1] [--json FILE]`. For each size, a fresh database per dialect: imports a synthetic
 * Arbin-style file (`--files` of them, each of the size) through the upload pipeline, then
 * measures the stored bytes per sample, import samples/s, the whole-test overview
 * (`findTimeseries`, 2,000 points of voltage and current), one cycle's curves, a two-cycle
 * window, the full CSV export's samples/s and the process's peak RSS. Each read is the median
 * (min–max) of `--repeat` runs after one untimed warm-up; the 1-minute load average is printed.
 */
import { createReadStream, createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { writeFileSync } from 'node:fs';
import { createAppAuthz } from '../src/authz/create-app-authz.ts';
import { parseDatabaseUrl } from '../src/config/database-url.ts';
import { syntheticCyclerCsvChunks } from '../src/cycler/index.ts';
import { connect, type Connection } from '../src/db/connect.ts';
import { createExperiments } from '../src/experiments/create-experiments.ts';
import { runImport } from '../src/imports/run-import.ts';
import { findCycleCurves } from '../src/measurements/cycle-curves.ts';
import { exportCsv } from '../src/measurements/export-csv.ts';
import { findTimeseries } from '../src/measurements/find-timeseries.ts';
import { benchDatabase } from './bench-database.ts';
import { storedBytes } from './stored-bytes.ts';
import { elapsedMs } from './stats.ts';

const { values } = parseArgs({
  options: {
    db: { type: 'string', default: 'both' },
    samples: { type: 'string', default: '300000,3000000' },
    repeat: { type: 'string', default: '7' },
    files: { type: 'string', default: '1' },
    json: { type: 'string' },
  },
});
const dbs = values.db === 'both' ? ['sqlite', 'postgres'] : [values.db];
const sizes = values.samples.split(',').map(Number);
const repeat = Math.max(1, Number(values.repeat));
const fileCount = Math.max(1, Number(values.files));
/** 1,000 samples per half-cycle: a cycle of ~2,000 samples, as the issue measured. */
const POINTS_PER_HALF = 1000;

const scratch = mkdtempSync(join(tmpdir(), 'batterydb-bench-scale-'));
let peakRss = 0;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);

async function syntheticFile(samples: number): Promise<{ path: string; cycles: number }> {
  const path = join(scratch, `synthetic-${samples}.csv`);
  const out = createWriteStream(path);
  const cycles = Math.max(1, Math.round(samples / (2 * POINTS_PER_HALF)));
  const options = {
    cycles,
    pointsPerHalfCycle: POINTS_PER_HALF,
    capacityAh: 2.5,
    fadePerCycle: 1e-4,
    seed: 42,
  };
  for (const chunk of syntheticCyclerCsvChunks(options)) if (!out.write(chunk)) await once(out, 'drain');
  out.end();
  await once(out, 'finish');
  return { path, cycles };
}

interface Spread {
  median: number;
  min: number;
  max: number;
  runs: number[];
  /** CPU time of this process (user + system) per run: what the load average cannot inflate as much. */
  cpu_median: number;
  cpu_runs: number[];
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function timed(fn: () => Promise<unknown>): Promise<Spread> {
  await fn();
  const runs: number[] = [];
  const cpuRuns: number[] = [];
  for (let i = 0; i < repeat; i += 1) {
    const start = process.hrtime.bigint();
    const cpu = process.cpuUsage();
    await fn();
    const used = process.cpuUsage(cpu);
    runs.push(elapsedMs(start));
    cpuRuns.push((used.user + used.system) / 1000);
  }
  return {
    median: median(runs),
    min: Math.min(...runs),
    max: Math.max(...runs),
    runs,
    cpu_median: median(cpuRuns),
    cpu_runs: cpuRuns,
  };
}

async function measure(connection: Connection, kind: string, samples: number) {
  const authz = createAppAuthz(connection.db);
  await authz.migrateAll();
  const user = await authz.createUser({ username: `bench-${Date.now()}`, isSuperuser: true });
  const [experiment] = await createExperiments(authz, user.id, [{ title: `scale ${samples}` }]);
  const experimentId = Number(experiment!.id);
  const file = await syntheticFile(samples);
  const csvBytes = statSync(file.path).size;
  peakRss = 0;
  const importStart = process.hrtime.bigint();
  let fileId = 0;
  let imported = 0;
  for (let f = 0; f < fileCount; f += 1) {
    const result = await runImport(connection, {
      experimentId,
      userId: user.id,
      fileName: `synthetic-${f}.csv`,
      input: createReadStream(file.path, { highWaterMark: 256 * 1024 }),
      maxBytes: Number.MAX_SAFE_INTEGER,
      allowDuplicate: true,
    });
    if (!result.ok) throw new Error(result.error.message);
    fileId = result.file.fileId;
    imported += result.file.points;
  }
  const importMs = elapsedMs(importStart);
  const importPeakRss = peakRss;
  const bytes = await storedBytes(connection);
  const middle = Math.ceil(file.cycles / 2);
  const overview = await timed(() =>
    findTimeseries(connection.db, {
      experimentId,
      fields: ['timeS', 'voltageV', 'currentA'],
      maxPoints: 2000,
    }),
  );
  const cycle = await timed(() =>
    findCycleCurves(connection.db, { experimentId, fileId, cycle: middle, maxPoints: 2000 }),
  );
  const window = await timed(() =>
    findTimeseries(connection.db, {
      experimentId,
      fileId,
      cycleFrom: middle,
      cycleTo: middle + 1,
      fields: ['timeS', 'voltageV', 'currentA'],
      maxPoints: 2000,
    }),
  );
  peakRss = 0;
  const exportStart = process.hrtime.bigint();
  let exportBytes = 0;
  for await (const text of exportCsv(connection.db, { experimentId })) {
    exportBytes += text.length;
    // Pages can follow one another without a timer turn (SQLite answers synchronously).
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }
  const exportMs = elapsedMs(exportStart);
  const figures = {
    samples: imported,
    csv_bytes_per_sample: csvBytes / samples,
    bytes_per_sample: {
      ...bytes,
      total: bytes.total / imported,
      samples: bytes.samples / imported,
      originals: bytes.originals / imported,
    },
    import_samples_per_s: imported / (importMs / 1000),
    import_peak_rss_mib: importPeakRss / 2 ** 20,
    overview_ms: overview,
    cycle_curves_ms: cycle,
    window_ms: window,
    export_samples_per_s: imported / (exportMs / 1000),
    export_mib: exportBytes / 2 ** 20,
    export_peak_rss_mib: peakRss / 2 ** 20,
    load_average: loadavg()[0],
  };
  const f = (s: Spread) =>
    `${s.median.toFixed(1)} (${s.min.toFixed(1)}–${s.max.toFixed(1)}; CPU ${s.cpu_median.toFixed(1)})`;
  console.log(
    `[${kind} ${imported.toLocaleString('en')}] bytes/sample ${figures.bytes_per_sample.total.toFixed(1)} ` +
      `(samples ${figures.bytes_per_sample.samples.toFixed(1)}, originals ${figures.bytes_per_sample.originals.toFixed(1)}; CSV ${figures.csv_bytes_per_sample.toFixed(1)}) · ` +
      `import ${Math.round(figures.import_samples_per_s).toLocaleString('en')}/s, peak RSS ${figures.import_peak_rss_mib.toFixed(0)} MiB · ` +
      `overview ${f(overview)} ms · cycle ${f(cycle)} ms · window ${f(window)} ms · ` +
      `export ${Math.round(figures.export_samples_per_s).toLocaleString('en')}/s, peak RSS ${figures.export_peak_rss_mib.toFixed(0)} MiB · ` +
      `load ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
  );
  return figures;
}

const results: Record<string, unknown> = {};
try {
  for (const kind of dbs)
    for (const samples of sizes) {
      const { url, cleanup } = await benchDatabase(kind, scratch);
      const connection = await connect(parseDatabaseUrl(url));
      try {
        results[`${kind}/${samples}x${fileCount}`] = await measure(connection, kind, samples);
      } finally {
        await connection.close();
        cleanup();
      }
    }
  console.log(
    `machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}; repeat ${repeat}`,
  );
  if (values.json) writeFileSync(values.json, `${JSON.stringify(results, null, 2)}\n`);
} finally {
  clearInterval(sampler);
  rmSync(scratch, { recursive: true, force: true });
}
