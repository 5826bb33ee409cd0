/**
 * The big move, measured (issue 28; not in `npm test`): a SQLite lab with SAMPLES samples in
 * one imported file (synthetic cycler CSV), then `backup`, `restore` into PostgreSQL and
 * `copy-database` SQLite → PostgreSQL, each timed, with the archive's size and the process's peak
 * memory (flat: batches, never a whole table).
 *
 *   node --import tsx --conditions=@batterydb/source packages/app/bench/backup-copy.ts [SAMPLES]
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { sql } from 'kysely';
import pg from 'pg';
import { copyDatabase } from '../src/backup/copy-database.ts';
import { restoreBackup } from '../src/backup/restore-backup.ts';
import { takeBackup } from '../src/backup/take-backup.ts';
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
let peak = 0;
const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 100);
const timed = async (label: string, step: () => Promise<unknown>) => {
  peak = 0;
  const started = performance.now();
  await step();
  const seconds = (performance.now() - started) / 1000;
  console.log(
    `${label}: ${seconds.toFixed(1)} s, ${Math.round(samples / seconds).toLocaleString('en')} samples/s, peak RSS ${Math.round(peak / 2 ** 20)} MiB`,
  );
};
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
  const source = parseDatabaseUrl(`sqlite:${join(dir, 'lab.sqlite')}`);
  const connection = await connect(source);
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
  await timed('import (for reference)', () =>
    runImport(connection, {
      experimentId: Number(experiment!.id),
      userId: root.id,
      fileName: 'big.csv',
      input: Readable.from(
        (function* () {
          for (const c of csv) yield Buffer.from(c);
        })(),
      ),
      maxBytes: Number.MAX_SAFE_INTEGER,
    }),
  );
  const count = await sql<{ n: number }>`select count(*) as n from measurement`.execute(connection.db);
  console.log(
    `samples: ${count.rows[0]!.n}, SQLite file ${(statSync(join(dir, 'lab.sqlite')).size / 2 ** 20).toFixed(0)} MiB`,
  );
  await connection.close();
  const archive = join(dir, 'lab.bdb');
  await timed('backup (SQLite)', () => takeBackup(source, archive, { appVersion: 'bench' }));
  console.log(`archive: ${(statSync(archive).size / 2 ** 20).toFixed(1)} MiB`);
  const restored = parseDatabaseUrl(await createDatabase('restored'));
  await timed('restore into PostgreSQL', () => restoreBackup(restored, archive));
  const copied = parseDatabaseUrl(await createDatabase('copied'));
  await timed('copy-database SQLite → PostgreSQL (with verification)', () => copyDatabase(source, copied));
} finally {
  clearInterval(sampler);
  cluster.stop();
  rmSync(dir, { recursive: true, force: true });
}
