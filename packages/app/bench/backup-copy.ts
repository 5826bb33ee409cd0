/**
 * The big move, measured (issue 28; not in `npm test`): a SQLite lab with SAMPLES samples in
 * one imported file (synthetic cycler CSV), then the real commands — `backup`, `restore` into
 * PostgreSQL, `copy-database` SQLite → PostgreSQL — each its own process under `/usr/bin/time`:
 * the rows/s line it prints itself (start-up excluded), the wall time of the whole command
 * (with restore's and copy's verification) and its peak RSS (flat in the data: batches).
 *
 *   node --import tsx --conditions=@batterydb/source packages/app/bench/backup-copy.ts [SAMPLES]
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import pg from 'pg';
import { createAppAuthz } from '../src/authz/create-app-authz.ts';
import { parseDatabaseUrl } from '../src/config/database-url.ts';
import { syntheticCyclerCsvChunks } from '../src/cycler/index.ts';
import { connect } from '../src/db/connect.ts';
import { createExperiments } from '../src/experiments/create-experiments.ts';
import { runImport } from '../src/imports/run-import.ts';
import { startPgCluster } from '../../../scripts/pg-cluster.mjs';

const samples = Number(process.argv[2] ?? 1_000_000);
const POINTS = 500;
const dir = mkdtempSync(join(tmpdir(), 'batterydb-bench-backup-'));
const cluster = await startPgCluster();
const MAIN = fileURLToPath(new URL('../src/cli/main.ts', import.meta.url));
/** One CLI command under /usr/bin/time: its summary line, wall seconds and peak RSS. */
function command(label: string, args: string[], databaseUrl: string): void {
  const run = spawnSync(
    '/usr/bin/time',
    [
      '-f',
      'TIME %e %M',
      process.execPath,
      '--conditions=@batterydb/source',
      '--import',
      'tsx',
      MAIN,
      ...args,
    ],
    { env: { ...process.env, DATABASE_URL: databaseUrl }, encoding: 'utf8' },
  );
  const summary = run.stderr.split('\n').find((line) => / rows in /.test(line)) ?? '';
  const [, wall, kib] = /TIME ([0-9.]+) ([0-9]+)/.exec(run.stderr) ?? [];
  if (run.status !== 0) throw new Error(`${label} failed: ${run.stderr}`);
  console.log(
    `${label}: ${summary}; whole command ${wall} s, peak RSS ${Math.round(Number(kib) / 1024)} MiB`,
  );
  console.log(`  ${run.stdout.trim()}`);
}
async function createDatabase(name: string): Promise<string> {
  const admin = new pg.Client({ connectionString: cluster.url });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(cluster.url);
  url.pathname = `/${name}`;
  return url.toString();
}
try {
  const source = `sqlite:${join(dir, 'lab.sqlite')}`;
  const connection = await connect(parseDatabaseUrl(source));
  const authz = createAppAuthz(connection.db);
  await authz.migrateAll();
  const root = await authz.createUser({ username: 'root', password: 'a long password', isSuperuser: true });
  const [experiment] = await createExperiments(authz, root.id, [{ title: 'big' }]);
  const cycles = Math.ceil(samples / (2 * POINTS));
  const csv = syntheticCyclerCsvChunks({
    cycles,
    pointsPerHalfCycle: POINTS,
    capacityAh: 2,
    fadePerCycle: 0.001,
    seed: 1,
  });
  await runImport(connection, {
    experimentId: Number(experiment!.id),
    userId: root.id,
    fileName: 'big.csv',
    input: Readable.from(Array.from(csv, (chunk) => Buffer.from(chunk))),
    maxBytes: Number.MAX_SAFE_INTEGER,
  });
  const count = await sql<{ n: number }>`select count(*) as n from measurement`.execute(connection.db);
  console.log(
    `samples: ${count.rows[0]!.n}, SQLite file ${(statSync(join(dir, 'lab.sqlite')).size / 2 ** 20).toFixed(0)} MiB`,
  );
  await connection.close();
  const archive = join(dir, 'lab.bdb');
  command('backup (SQLite)', ['backup', '--to', archive], source);
  console.log(`archive: ${(statSync(archive).size / 2 ** 20).toFixed(1)} MiB`);
  command('restore into PostgreSQL', ['restore', '--from', archive], await createDatabase('restored'));
  command(
    'copy-database SQLite → PostgreSQL',
    ['copy-database', '--to', await createDatabase('copied')],
    source,
  );
} finally {
  cluster.stop();
  rmSync(dir, { recursive: true, force: true });
}
