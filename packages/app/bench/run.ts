/**
 * `npm run bench -- --tier S|M|L --db sqlite|postgres|both --json FILE`: runs the operations of
 * ../shared/bench/WORKLOAD.md on a fresh database and prints a table.
 * Results are merged into the JSON file under "<tier>/<db>" so runs can be compared.
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
import { ingest, seedUsers, type Tier, TIERS } from './seed-data.ts';

const { values } = parseArgs({
  options: {
    tier: { type: 'string', default: 'S' },
    db: { type: 'string', default: 'both' },
    json: { type: 'string', default: 'bench-results.json' },
  },
});
const tier = values.tier as Tier;
if (!(tier in TIERS)) throw new Error(`--tier must be S, M or L`);
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

async function runOne(kind: string): Promise<Record<string, number>> {
  // The machines are shared: the 1-minute load average before and after says how much.
  const loadBefore = loadavg()[0]!;
  const { url, cleanup } = await database(kind);
  const queries = { count: 0 };
  const connection = await connect(parseDatabaseUrl(url), { onQuery: () => void (queries.count += 1) });
  try {
    const authz = createAppAuthz(connection.db);
    await authz.migrateAll();
    const size = TIERS[tier];
    const { ids, readers } = await seedUsers(connection, authz, size.users);
    console.error(`[${kind} ${tier}] ${size.users} users; ingesting ${size.experiments} experiments…`);
    const results: Record<string, number> = { ...(await ingest(authz, ids, size.experiments)) };
    await analyzeDatabase(connection.db, connection.config.dialect);
    const experimentIds = (await connection.db.selectFrom('experiment').select('id').execute()).map(
      (r) => r.id,
    );
    const c: Context = { connection, authz, userIds: ids, readers, experimentIds, queries };
    for (const op of [checkCold, checkWarm, list, pagePrefetch, flipOne, flipBulk, httpList]) {
      console.error(`[${kind} ${tier}] ${op.name}…`);
      Object.assign(results, await op(c));
    }
    return { ...results, load_average_before: loadBefore, load_average_after: loadavg()[0]! };
  } finally {
    await connection.close();
    cleanup();
  }
}

const all: Record<string, Record<string, number>> = {};
for (const kind of dbs) all[`${tier}/${kind}`] = await runOne(kind);

const keys = [...new Set(Object.values(all).flatMap((r) => Object.keys(r)))];
const round = (v: number | undefined) =>
  v === undefined ? '—' : v >= 100 ? Math.round(v).toLocaleString('en') : v.toPrecision(3);
console.log(`| operation | ${Object.keys(all).join(' | ')} |`);
console.log(
  `|---|${Object.keys(all)
    .map(() => '---')
    .join('|')}|`,
);
for (const key of keys)
  console.log(
    `| ${key} | ${Object.values(all)
      .map((r) => round(r[key]))
      .join(' | ')} |`,
  );
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
