/**
 * Import throughput: `node --import tsx --conditions=@batterydb/source packages/app/bench/import.ts --db sqlite|postgres|both
 * [--runs 3] [--rows 1000000]`. Imports the largest real cycler file (by samples; ../shared/data/
 * cyclers, when present) and a synthetic file of `--rows` samples through the same pipeline as an
 * upload (spool, store, detect, parse, write, publish), on a fresh database per dialect, and prints
 * samples per second (median of `--runs`) with the machine it ran on.
 */
import { createWriteStream, createReadStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { createAppAuthz } from '../src/authz/create-app-authz.ts';
import { DEFAULT_CYCLER_DATA, FIXTURE_CYCLER_DATA } from '../src/cli/commands/demo.ts';
import { parseDatabaseUrl } from '../src/config/database-url.ts';
import { syntheticCyclerCsvChunks } from '../src/cycler/index.ts';
import { connect, type Connection } from '../src/db/connect.ts';
import { createExperiments } from '../src/experiments/create-experiments.ts';
import { haveRealFiles } from '../src/imports/demo-datasets.ts';
import { runImport } from '../src/imports/run-import.ts';
import { benchDatabase } from './bench-database.ts';
import { elapsedMs, summarize } from './stats.ts';

const { values } = parseArgs({
  options: {
    db: { type: 'string', default: 'both' },
    runs: { type: 'string', default: '3' },
    rows: { type: 'string', default: '1000000' },
  },
});
const dbs = values.db === 'both' ? ['sqlite', 'postgres'] : [values.db];
if (dbs.some((d) => d !== 'sqlite' && d !== 'postgres'))
  throw new Error('--db must be sqlite, postgres or both');
const runs = Math.max(1, Number(values.runs));
const syntheticRows = Number(values.rows);
const POINTS_PER_HALF = 5000;

/** The largest real file by samples (SOURCES.md A7, 25,162 rows): the one the issue asks about. */
const LARGEST_REAL = 'bdf/SINTEF__LiGrR2032__2024-04-30__25degC__Landt.bdf.csv';
/** The largest shipped fixture by samples (16,538), a workbook: the .xlsx path end to end. */
const LARGEST_FIXTURE = 'lanhe/custom_data_002.xlsx';

interface Input {
  label: string;
  path: string;
}

const scratch = mkdtempSync(join(tmpdir(), 'batterydb-bench-import-'));
async function syntheticFile(rows: number): Promise<string> {
  const path = join(scratch, 'synthetic.csv');
  const out = createWriteStream(path);
  const cycles = Math.max(1, Math.round(rows / (2 * POINTS_PER_HALF)));
  for (const chunk of syntheticCyclerCsvChunks({
    cycles,
    pointsPerHalfCycle: POINTS_PER_HALF,
    capacityAh: 2.5,
    fadePerCycle: 0.001,
    seed: 42,
  }))
    if (!out.write(chunk)) await once(out, 'drain');
  out.end();
  await once(out, 'finish');
  return path;
}

async function importOnce(connection: Connection, experimentId: number, userId: number, input: Input) {
  const start = process.hrtime.bigint();
  const result = await runImport(connection, {
    experimentId,
    userId,
    fileName: input.label,
    input: createReadStream(input.path, { highWaterMark: 256 * 1024 }),
    maxBytes: Number.MAX_SAFE_INTEGER,
  });
  const ms = elapsedMs(start);
  if (!result.ok) throw new Error(`${input.label}: ${result.error.message}`);
  return { ms, points: result.file.points };
}

async function runDialect(
  kind: string,
  inputs: Input[],
): Promise<Map<string, { points: number; rate: number }>> {
  const { url, cleanup } = await benchDatabase(kind, scratch);
  const connection = await connect(parseDatabaseUrl(url));
  const results = new Map<string, { points: number; rate: number }>();
  try {
    const authz = createAppAuthz(connection.db);
    await authz.migrateAll();
    const user = await authz.createUser({ username: `bench-${Date.now()}`, isSuperuser: true });
    if (kind === 'postgres') {
      const { rows } = await sql<{ version: string }>`select version()`.execute(connection.db);
      console.error(`[${kind}] ${rows[0]?.version.split(',')[0]}`);
    }
    for (const input of inputs) {
      const rates: number[] = [];
      let points = 0;
      for (let run = 0; run < runs; run += 1) {
        // A fresh experiment per run: every run writes into an empty experiment, as an upload would.
        const [row] = await createExperiments(authz, user.id, [{ title: `${input.label} #${run + 1}` }]);
        const once_ = await importOnce(connection, Number(row!.id), user.id, input);
        points = once_.points;
        rates.push(points / (once_.ms / 1000));
        console.error(
          `[${kind}] ${input.label} run ${run + 1}: ${Math.round(rates.at(-1)!).toLocaleString('en')} samples/s`,
        );
      }
      results.set(input.label, { points, rate: summarize(rates).median });
    }
  } finally {
    await connection.close();
    cleanup();
  }
  return results;
}

const inputs: Input[] = [];
if (haveRealFiles(DEFAULT_CYCLER_DATA))
  inputs.push({
    label: `real: ${LARGEST_REAL.split('/')[1]}`,
    path: join(DEFAULT_CYCLER_DATA, LARGEST_REAL),
  });
else console.error(`real cycler files not found at ${DEFAULT_CYCLER_DATA}`);
inputs.push({
  label: `fixture: ${LARGEST_FIXTURE.split('/')[1]}`,
  path: join(FIXTURE_CYCLER_DATA, LARGEST_FIXTURE),
});
console.error(`writing a synthetic file of ${syntheticRows.toLocaleString('en')} samples…`);
inputs.push({
  label: `synthetic: ${syntheticRows.toLocaleString('en')} samples`,
  path: await syntheticFile(syntheticRows),
});

try {
  const all = new Map<string, Map<string, { points: number; rate: number }>>();
  for (const kind of dbs) all.set(kind, await runDialect(kind, inputs));
  const mb = (path: string) => (statSync(path).size / 2 ** 20).toFixed(1);
  console.log(`| file | samples | MiB | ${dbs.map((d) => `${d} samples/s`).join(' | ')} |`);
  console.log(`|---|---:|---:|${dbs.map(() => '---:').join('|')}|`);
  for (const input of inputs) {
    const cells = dbs.map((d) => Math.round(all.get(d)?.get(input.label)?.rate ?? NaN).toLocaleString('en'));
    const points = all.get(dbs[0]!)?.get(input.label)?.points ?? 0;
    console.log(
      `| ${input.label} | ${points.toLocaleString('en')} | ${mb(input.path)} | ${cells.join(' | ')} |`,
    );
  }
  console.log(
    `\nmedian of ${runs} run(s); whole pipeline (spool, the original bytes, detect, parse, samples and ` +
      `cycles, publish). machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ` +
      `${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`,
  );
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
