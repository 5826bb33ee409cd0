/**
 * `batterydb import` as a real process (issue 22): a tree with good and bad files is imported
 * into experiments by its first folder (and by a rules file), the failures are reported in the
 * summary and in a CSV with their reasons, a second run skips everything already there
 * (SHA-256), and a run killed with SIGKILL in the middle is resumed by the next: every file
 * exactly once, nothing half-stored.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { syntheticCyclerCsv } from '../../src/cycler/index.ts';
import { parseDatabaseUrl } from '../../src/config/database-url.ts';
import { connect, type Connection } from '../../src/db/connect.ts';
import { createAppAuthz } from '../../src/authz/create-app-authz.ts';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../../../../test-support/databases.ts';
import { countingHasher } from '../../../authz/test/support/kit.ts';
import { until } from '../support/wait.ts';

const MAIN = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));

const csv = (seed: number, cycles = 2) =>
  syntheticCyclerCsv({ cycles, pointsPerHalfCycle: 30, capacityAh: 1, fadePerCycle: 0.01, seed });

/** `batterydb import …` in its own process group; `kill` ends the group. */
function importProcess(databaseUrl: string, args: string[]) {
  const child = spawn(
    process.execPath,
    ['--conditions=@batterydb/source', '--import', 'tsx', MAIN, 'import', ...args],
    { env: { ...process.env, DATABASE_URL: databaseUrl }, detached: true, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let [stdout, stderr] = ['', ''];
  child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
  child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    exited,
    output: () => ({ stdout, stderr }),
    kill: () => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // Gone already.
      }
    },
  };
}

async function run(databaseUrl: string, args: string[]) {
  const p = importProcess(databaseUrl, args);
  const code = await p.exited;
  return { code, ...p.output() };
}

for (const dialect of DIALECTS) {
  describe(`batterydb import (${dialect})`, () => {
    let database: TestDatabase;
    let connection: Connection;
    let dir: string;
    before(async () => {
      database = await createTestDatabase(dialect);
      connection = await connect(parseDatabaseUrl(database.url));
      const authz = createAppAuthz(connection.db, { hasher: countingHasher() });
      await authz.migrateAll();
      await authz.createUser({ username: 'root', isSuperuser: true, isStaff: true });
      dir = await mkdtemp(path.join(tmpdir(), 'batterydb-import-'));
    });
    after(async () => {
      await connection.close();
      await database.drop();
      await rm(dir, { recursive: true, force: true });
    });

    const filesOf = (title: string) =>
      connection.db
        .selectFrom('data_file as f')
        .innerJoin('experiment as e', 'e.id', 'f.experiment_id')
        .select(['f.file_name', 'f.status', 'f.sha256'])
        .where('e.title', '=', title)
        .orderBy('f.file_name')
        .execute();

    test('good and bad files: both reported; a second run skips what is there', async () => {
      const tree = path.join(dir, 'tree');
      await mkdir(path.join(tree, 'cell A'), { recursive: true });
      await mkdir(path.join(tree, 'cell B', 'later'), { recursive: true });
      await writeFile(path.join(tree, 'cell A', 'run1.csv'), csv(1));
      await writeFile(path.join(tree, 'cell A', 'run2.csv'), csv(2));
      await writeFile(path.join(tree, 'cell B', 'later', 'good.csv'), csv(3));
      await writeFile(path.join(tree, 'cell B', 'broken.csv'), 'this is,not a cycler file\n1,2\n');
      await writeFile(path.join(tree, 'loose.csv'), csv(4)); // no first folder: no experiment
      const failures = path.join(dir, 'failures.csv');
      const first = await run(database.url, [tree, '--failures', failures]);
      assert.equal(first.code, 1, first.stderr);
      assert.match(first.stdout, /Files: 5; imported: 3; already there \(skipped\): 0; failed: 2/);
      assert.match(first.stderr, /\[#+\] 5\/5 done/);
      const csvText = await readFile(failures, 'utf8');
      const rows = csvText.trim().split('\r\n');
      assert.equal(rows[0], 'path,experiment,reason,line,column');
      assert.equal(rows.length, 3);
      assert.ok(rows.some((r) => r.startsWith(`${path.join('cell B', 'broken.csv')},cell B,`)));
      assert.ok(rows.some((r) => r.startsWith('loose.csv,,no rule matches this path')));
      assert.deepEqual(
        (await filesOf('cell A')).map((f) => [f.file_name, f.status]),
        [
          ['run1.csv', 'complete'],
          ['run2.csv', 'complete'],
        ],
      );
      assert.deepEqual(
        (await filesOf('cell B')).map((f) => f.file_name),
        ['good.csv'],
      );

      const again = await run(database.url, [tree, '--failures', failures]);
      assert.match(again.stdout, /Files: 5; imported: 0; already there \(skipped\): 3; failed: 2/);
      assert.equal((await filesOf('cell A')).length, 2);
    });

    test('a rules file maps paths to experiments; a killed run is resumed, each file once', async () => {
      const tree = path.join(dir, 'archive');
      await mkdir(path.join(tree, '2024', 'LFP-01'), { recursive: true });
      const names: string[] = [];
      for (let i = 0; i < 8; i++) {
        const name = `cycle-${i}.csv`;
        names.push(name);
        await writeFile(path.join(tree, '2024', 'LFP-01', name), csv(100 + i, 15));
      }
      const rules = path.join(dir, 'rules.json');
      await writeFile(
        rules,
        JSON.stringify({ rules: [{ match: '*/*/*.csv', experiment: 'Archive {2} ({1})' }] }),
      );
      const title = 'Archive LFP-01 (2024)';
      const failures = path.join(dir, 'resume-failures.csv');
      const first = importProcess(database.url, [tree, '--rules', rules, '--failures', failures]);
      try {
        // Killed once some file is in (wherever the next one is: receiving, parsing, publishing).
        await until(
          async () => (await filesOf(title)).some((f) => f.status === 'complete'),
          'a first imported file',
        );
      } finally {
        first.kill();
      }
      await first.exited;
      const resumed = await run(database.url, [tree, '--rules', rules, '--failures', failures]);
      assert.equal(resumed.code, 0, await readFile(failures, 'utf8').catch(() => resumed.stderr));
      const m = /Files: 8; imported: (\d+); already there \(skipped\): (\d+); failed: 0/.exec(resumed.stdout);
      assert.ok(m, resumed.stdout);
      assert.ok(Number(m[2]) >= 1, 'what the killed run finished is skipped');
      const files = await filesOf(title);
      assert.deepEqual(
        files.map((f) => [f.file_name, f.status]),
        names.map((n) => [n, 'complete']),
        'every file once, complete; nothing the killed run left half-stored',
      );
      const unfinished = await connection.db
        .selectFrom('data_import')
        .select('status')
        .where('status', 'in', ['receiving', 'importing'])
        .execute();
      assert.deepEqual(unfinished, []);
    });

    test("a rule's cell template: files of one cell go into it, found by label or made once", async () => {
      const tree = path.join(dir, 'by-cell');
      for (const cell of ['coin-1', 'coin-2']) await mkdir(path.join(tree, cell), { recursive: true });
      await writeFile(path.join(tree, 'coin-1', 'a-formation.csv'), csv(201, 2));
      await writeFile(path.join(tree, 'coin-1', 'b-cycling.csv'), csv(202, 2));
      await writeFile(path.join(tree, 'coin-2', 'a-formation.csv'), csv(203, 2));
      const rules = path.join(dir, 'cell-rules.json');
      await writeFile(
        rules,
        JSON.stringify({ rules: [{ match: '*/*.csv', experiment: 'Coin cells', cell: 'Cell {1}' }] }),
      );
      const failures = path.join(dir, 'cell-failures.csv');
      const result = await run(database.url, [tree, '--rules', rules, '--failures', failures]);
      assert.equal(result.code, 0, result.stderr);
      const placed = await connection.db
        .selectFrom('data_file as f')
        .innerJoin('cell as c', 'c.id', 'f.cell_id')
        .innerJoin('experiment as e', 'e.id', 'f.experiment_id')
        .select(['c.label', 'f.file_name', 'f.cell_position'])
        .where('e.title', '=', 'Coin cells')
        .orderBy('c.label')
        .orderBy('f.cell_position')
        .execute();
      assert.deepEqual(
        placed.map((p) => [p.label, p.file_name, p.cell_position]),
        [
          ['Cell coin-1', 'a-formation.csv', 1],
          ['Cell coin-1', 'b-cycling.csv', 2],
          ['Cell coin-2', 'a-formation.csv', 1],
        ],
      );
      const audit = await connection.db
        .selectFrom('authz_audit_log')
        .select('action')
        .where('action', '=', 'data.cell-create')
        .execute();
      assert.equal(audit.length, 2, 'each cell made once, audited as the route does');
    });
  });
}
