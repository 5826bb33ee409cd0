/**
 * `npm run bench -- --tier S|M|L --db sqlite|postgres|both --json FILE --repeat N --duration S`:
 * runs the operations of ../shared/bench/WORKLOAD.md on a fresh database and prints a markdown
 * table. Each operation is warmed up once, then run N times: a figure is the median of the runs,
 * with their spread (min–max). Results are merged into the JSON file under "<tier>/<db>" (every
 * run's value, the load average before each) so runs can be compared.
 *
 * `--scale SAMPLESxFILES[,…]` (or `lab`: 300000x1,3000000x1,100000x100) adds the data-at-scale
 * tiers of issue 25 (bench/data-scale.ts, each size in its own process), after the workload;
 * `--tier none` runs them alone. Their figures go into the JSON under "scale/<db>/<size>".
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createAppAuthz } from '../src/authz/create-app-authz.ts';
import { parseDatabaseUrl } from '../src/config/database-url.ts';
import { connect } from '../src/db/connect.ts';
import { analyzeDatabase } from '../src/db/analyze-database.ts';
import { startPgCluster } from '../../../scripts/pg-cluster.mjs';
import { checkCold, checkWarm, type Context, flipBulk, flipOne, list, pagePrefetch } from './operations.ts';
import { httpList } from './http-list.ts';
import { httpListWorkers } from './http-list-workers.ts';
import { closePageTimings, pageTimings } from './page-timings.ts';
import { runDataScale } from './run-data-scale.ts';
import { measureRepeated, type Operation, type Spread, spread } from './repeat.ts';
import { ingest, seedUsers, type Tier, TIERS } from './seed-data.ts';

const { values } = parseArgs({
  options: {
    tier: { type: 'string', default: 'S' },
    db: { type: 'string', default: 'both' },
    json: { type: 'string', default: 'bench-results.json' },
    repeat: { type: 'string', default: '5' },
    duration: { type: 'string' },
    scale: { type: 'string' },
  },
});
// `--tier none` with `--scale …`: the data-at-scale tiers alone.
const tier = values.tier as Tier | 'none';
if (!(tier in TIERS) && tier !== 'none') throw new Error(`--tier must be S, M, L or none`);
const repeat = Number(values.repeat);
if (!Number.isInteger(repeat) || repeat < 1) throw new Error('--repeat must be a whole number ≥ 1');
// http_list's autocannon runs: longer at tier L, where each request costs more, so that its p99
// rests on thousands of requests.
const httpSeconds = Number(values.duration ?? (tier === 'L' ? 30 : 10));
if (!(httpSeconds > 0)) throw new Error('--duration must be a number of seconds > 0');
const dbs = values.db === 'both' ? ['sqlite', 'postgres'] : [values.db];

async function database(kind: string): Promise<{ url: string; cleanup: () => void }> {
  if (kind === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'batterydb-bench-'));
    return {
      url: `sqlite:${join(dir, 'bench.sqlite')}`,
      cleanup: () => rmSync(dir, { recursive: true, force: true }),
    };
  }
  if (kind !== 'postgres') throw new Error('--db must be sqlite, postgres or both');
  if (process.env.BENCH_PG_URL) return { url: process.env.BENCH_PG_URL, cleanup: () => undefined };
  const cluster = await startPgCluster();
  return { url: cluster.url, cleanup: () => cluster.stop() };
}

interface DialectResult {
  figures: Record<string, Spread>;
  repeat: number;
  http_list_seconds: number;
  /** Per operation, the 1-minute load average before each of its timed runs. */
  load_average_runs: Record<string, number[]>;
  load_average_before: number;
  load_average_after: number;
  /** The step that failed (issue 19): the figures above are those measured before it. */
  failure?: { operation: string; message: string };
}

const OPERATIONS: Operation<Context>[] = [
  checkCold,
  checkWarm,
  list,
  pagePrefetch,
  flipOne,
  flipBulk,
  httpList,
  httpListWorkers,
  pageTimings,
];

async function runOne(kind: string, tier: Tier): Promise<DialectResult> {
  // The machines are shared: the 1-minute load average before and after says how much.
  const loadBefore = loadavg()[0]!;
  const figures: Record<string, number[]> = {};
  const loads: Record<string, number[]> = {};
  // What is being done now: the name a failure is reported under.
  let step = 'database';
  let failure: DialectResult['failure'];
  let close = (): Promise<void> => Promise.resolve();
  let context: Context | undefined;
  try {
    const { url, cleanup } = await database(kind);
    close = () => {
      cleanup();
      return Promise.resolve();
    };
    step = 'connect';
    const queries = { count: 0 };
    const connection = await connect(parseDatabaseUrl(url), { onQuery: () => void (queries.count += 1) });
    close = async () => {
      if (context) await closePageTimings(context);
      await connection.close();
      cleanup();
    };
    step = 'migrate';
    const authz = createAppAuthz(connection.db);
    await authz.migrateAll();
    const size = TIERS[tier];
    step = 'seed_users';
    const { ids, readers } = await seedUsers(connection, authz, size.users);
    console.error(`[${kind} ${tier}] ${size.users} users; ingesting ${size.experiments} experiments…`);
    // Ingest builds the data every other operation reads: measured once, not repeated.
    step = 'ingest';
    for (const [key, value] of Object.entries(await ingest(authz, ids, size.experiments)))
      figures[key] = [value];
    step = 'analyze';
    await analyzeDatabase(connection.db, connection.config.dialect);
    const experimentIds = (await connection.db.selectFrom('experiment').select('id').execute()).map(
      (r) => r.id,
    );
    const c: Context = {
      connection,
      authz,
      userIds: ids,
      readers,
      experimentIds,
      queries,
      httpSeconds,
      databaseUrl: url,
    };
    context = c;
    for (const op of OPERATIONS) {
      step = op.name;
      console.error(`[${kind} ${tier}] ${op.name}: warm-up + ${repeat} runs…`);
      loads[op.name] = await measureRepeated(op, c, repeat, figures);
    }
  } catch (error) {
    // Every figure measured so far is kept and written; the failure is named beside them.
    failure = { operation: step, message: error instanceof Error ? error.message : String(error) };
    console.error(`[${kind} ${tier}] ${step} failed: ${failure.message}`);
  } finally {
    await close().catch((error: unknown) => console.error(`[${kind} ${tier}] closing failed:`, error));
  }
  return {
    figures: Object.fromEntries(
      Object.entries(figures)
        .filter(([, runs]) => runs.length > 0)
        .map(([key, runs]) => [key, spread(runs)]),
    ),
    repeat,
    http_list_seconds: httpSeconds,
    load_average_runs: loads,
    load_average_before: loadBefore,
    load_average_after: loadavg()[0]!,
    ...(failure ? { failure } : {}),
  };
}

const all: Record<string, DialectResult> = {};
if (tier !== 'none') for (const kind of dbs) all[`${tier}/${kind}`] = await runOne(kind, tier);
// The data-at-scale tiers (issue 25), each size on each dialect, after the workload.
const scale = values.scale === undefined ? {} : await runDataScale(values.scale, dbs, repeat);

const keys = [...new Set(Object.values(all).flatMap((r) => Object.keys(r.figures)))];
const round = (v: number) => (v >= 100 ? Math.round(v).toLocaleString('en') : v.toPrecision(3));
/** "median (min–max)", or the one value of a figure measured once or without spread. */
const cell = (s: Spread | undefined) =>
  s === undefined
    ? '—'
    : s.min === s.max
      ? round(s.median)
      : `${round(s.median)} (${round(s.min)}–${round(s.max)})`;
if (Object.keys(all).length > 0) printTable();
function printTable() {
  console.log(`median of ${repeat} runs after a warm-up (min–max); http_list ${httpSeconds} s per run\n`);
  console.log(`| operation | ${Object.keys(all).join(' | ')} |`);
  console.log(
    `|---|${Object.keys(all)
      .map(() => '---')
      .join('|')}|`,
  );
  for (const key of keys)
    console.log(
      `| ${key} | ${Object.values(all)
        .map((r) => cell(r.figures[key]))
        .join(' | ')} |`,
    );
  console.log(
    `| load average (1 min) before–after | ${Object.values(all)
      .map((r) => `${r.load_average_before.toFixed(2)}–${r.load_average_after.toFixed(2)}`)
      .join(' | ')} |`,
  );
  for (const [name, result] of Object.entries(all))
    if (result.failure)
      console.log(
        `\n${name}: ${result.failure.operation} failed (${result.failure.message}); figures up to it above`,
      );
}
console.log(
  `\nmachine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`,
);

const file = values.json;
const previous = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>) : {};
writeFileSync(
  file,
  JSON.stringify(
    {
      ...previous,
      ...all,
      ...scale,
      machine: {
        cpus: cpus().length,
        model: cpus()[0]?.model,
        node: process.version,
        at: new Date().toISOString(),
      },
    },
    null,
    2,
  ),
);
// A run with a failure still wrote what it measured, but must not pass for a complete one.
if (Object.values(all).some((r) => r.failure) || Object.values(scale).some((r) => r === null))
  process.exitCode = 1;
