/**
 * `batterydb export cycles|series` (issue 21), in-process through commander on every dialect:
 * the API's downloads written to a file (read back with read-excel-file and hyparquet), under
 * the acting user's decision (a reader of a private experiment: not found), bad input named.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import { AuthzError } from '@batterydb/authz';
import { Command } from 'commander';
import { ROLE_CONTRIBUTOR, ROLE_READ_ONLY } from '../../src/authz/roles.ts';
import { exportCommand } from '../../src/cli/commands/export-command.ts';
import { openApp } from '../../src/cli/open-app.ts';
import { createExperiments } from '../../src/experiments/create-experiments.ts';
import { runImport } from '../../src/imports/run-import.ts';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../../../../test-support/databases.ts';
import { fixture } from '../support/fixture-cyclers.ts';
import { readParquet, readWorkbook, sheetObjects } from '../support/read-exports.ts';

for (const dialect of DIALECTS) {
  describe(`batterydb export (${dialect})`, () => {
    let database: TestDatabase;
    let dir: string;
    let experimentId: number;

    async function cli(args: string[]) {
      const out: string[] = [];
      const program = new Command('batterydb').exitOverride();
      exportCommand(program, {
        env: { DATABASE_URL: database.url },
        out: (line) => out.push(line),
        readStdin: () => Promise.resolve(null),
      });
      try {
        await program.parseAsync(args, { from: 'user' });
        return { out, error: null as AuthzError | null };
      } catch (error) {
        if (error instanceof AuthzError) return { out, error };
        throw error;
      }
    }

    before(async () => {
      database = await createTestDatabase(dialect);
      dir = await mkdtemp(path.join(tmpdir(), 'batterydb-cli-export-'));
      const app = await openApp({ DATABASE_URL: database.url });
      try {
        const { authz } = app;
        await authz.createUser({
          username: 'root',
          password: 'Quartz-Lithium-7-Anode',
          isSuperuser: true,
          isStaff: true,
        });
        const owner = await authz.createUser({ username: 'olivia', password: 'Quartz-Lithium-7-Anode' });
        await authz.addMember((await authz.findGroupByName(ROLE_CONTRIBUTOR))!.id, owner.id);
        const reader = await authz.createUser({ username: 'rita', password: 'Quartz-Lithium-7-Anode' });
        await authz.addMember((await authz.findGroupByName(ROLE_READ_ONLY))!.id, reader.id);
        const [row] = await createExperiments(authz, owner.id, [
          { title: 'from the shell', activeMassMg: 20 },
        ]);
        experimentId = Number(row!.id);
        const result = await runImport(app.connection, {
          experimentId,
          userId: owner.id,
          fileName: 'arbin.csv',
          input: Readable.from([readFileSync(fixture('arbin/sample_data_arbin.csv'))]),
          maxBytes: Number.MAX_SAFE_INTEGER,
        });
        assert.ok(result.ok);
      } finally {
        await app.connection.close();
      }
    });
    after(async () => {
      await database.drop();
      await rm(dir, { recursive: true, force: true });
    });

    test('cycles as XLSX and series as Parquet, written to --out, the API’s bytes', async () => {
      const xlsx = path.join(dir, 'cycles.xlsx');
      const done = await cli(['export', 'cycles', String(experimentId), '--format', 'xlsx', '--out', xlsx]);
      assert.equal(done.error, null, done.error?.message);
      assert.match(done.out.join('\n'), /wrote experiment-\d+-cycles\.xlsx/);
      const book = await readWorkbook(await readFile(xlsx));
      assert.deepEqual(
        book.map((s) => s.sheet),
        ['arbin', 'metadata'],
      );
      const rows = sheetObjects(book[0]!.data);
      assert.ok(rows.length > 0);
      const [mahg, ah] = [
        rows[0]!.discharge_capacity_mAh_g as number,
        rows[0]!.discharge_capacity_Ah as number,
      ];
      assert.ok(Math.abs(mahg - (ah * 1e6) / 20) <= 1e-12 * Math.abs(mahg), 'mAh/g: Ah × 1000 ÷ 0.020 g');

      const parquet = path.join(dir, 'series.parquet');
      const series = await cli([
        'export',
        'series',
        String(experimentId),
        '--format',
        'parquet',
        '--out',
        parquet,
        '--as',
        'olivia',
      ]);
      assert.equal(series.error, null, series.error?.message);
      assert.equal((await readParquet(await readFile(parquet))).rows.length, 13);
    });

    test('the acting user’s decision, and bad input named', async () => {
      const reader = await cli([
        'export',
        'cycles',
        String(experimentId),
        '--as',
        'rita',
        '--out',
        path.join(dir, 'x.csv'),
      ]);
      assert.equal(reader.error?.code, 'NOT_FOUND');
      const format = await cli([
        'export',
        'cycles',
        String(experimentId),
        '--format',
        'xls',
        '--out',
        path.join(dir, 'y'),
      ]);
      assert.equal(format.error?.code, 'INVALID_INPUT');
      assert.equal(format.error?.field, 'format');
      const file = await cli([
        'export',
        'series',
        String(experimentId),
        '--file',
        '999999',
        '--out',
        path.join(dir, 'z'),
      ]);
      assert.equal(file.error?.code, 'NOT_FOUND');
      assert.equal(file.error?.field, 'fileId');
    });
  });
}
