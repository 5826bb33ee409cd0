/**
 * `batterydb cells move-file` (issue 20) on every dialect: in-process through commander, acting
 * as a named user under that user's decision (not found where the experiment is invisible,
 * forbidden where it is only visible), moving with the PATCH route's domain function and audit
 * entry; an unknown file or another experiment's cell is refused with words that say so and
 * nothing moves; and, once through the real command line, such a refusal exits non-zero.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import { AuthzError } from '@batterydb/authz';
import { Command } from 'commander';
import { sql } from 'kysely';
import { ROLE_CONTRIBUTOR, ROLE_READ_ONLY } from '../src/authz/roles.ts';
import { findCells } from '../src/cells/find-cells.ts';
import { cellsCommand } from '../src/cli/commands/cells-command.ts';
import { openApp } from '../src/cli/open-app.ts';
import { createExperiments } from '../src/experiments/create-experiments.ts';
import { runImport } from '../src/imports/run-import.ts';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../../../test-support/databases.ts';
import { fixture } from './support/fixture-cyclers.ts';

const FILES = ['arbin/sample_data_arbin.csv', 'biologic/Sample_data_biologic_timestamped.txt'];

for (const dialect of DIALECTS) {
  describe(`batterydb cells move-file (${dialect})`, () => {
    let database: TestDatabase;
    let app: Awaited<ReturnType<typeof openApp>>;
    const ids = { experiment: 0, other: 0, files: [] as number[], cells: [] as number[], otherCell: 0 };

    async function cli(args: string[]) {
      const out: string[] = [];
      const program = new Command('batterydb').exitOverride();
      cellsCommand(program, {
        env: { DATABASE_URL: database.url },
        out: (line) => out.push(line),
        readStdin: () => Promise.resolve(null),
      });
      try {
        await program.parseAsync(['cells', 'move-file', ...args], { from: 'user' });
        return { out, error: null as AuthzError | null };
      } catch (error) {
        if (error instanceof AuthzError) return { out, error };
        throw error;
      }
    }
    const cells = async () =>
      (await findCells(app.connection.db, ids.experiment)).map((c) => ({
        id: c.id,
        files: c.files.map((f) => [f.id, f.position]),
      }));

    before(async () => {
      database = await createTestDatabase(dialect);
      app = await openApp({ DATABASE_URL: database.url });
      const { authz } = app;
      await authz.createUser({ username: 'root', password: 'Quartz-Lithium-7-Anode', isSuperuser: true });
      const owner = await authz.createUser({ username: 'olivia', password: 'Quartz-Lithium-7-Anode' });
      await authz.addMember((await authz.findGroupByName(ROLE_CONTRIBUTOR))!.id, owner.id);
      const reader = await authz.createUser({ username: 'rita', password: 'Quartz-Lithium-7-Anode' });
      await authz.addMember((await authz.findGroupByName(ROLE_READ_ONLY))!.id, reader.id);
      const [one, two] = await createExperiments(authz, owner.id, [
        { title: 'formation then cycling' },
        { title: 'another experiment' },
      ]);
      ids.experiment = Number(one!.id);
      ids.other = Number(two!.id);
      for (const [experimentId, file] of [
        [ids.experiment, FILES[0]!],
        [ids.experiment, FILES[1]!],
        [ids.other, FILES[0]!],
      ] as const) {
        const result = await runImport(app.connection, {
          experimentId,
          userId: owner.id,
          fileName: file.split('/').pop()!,
          input: Readable.from([readFileSync(fixture(file))]),
          maxBytes: Number.MAX_SAFE_INTEGER,
        });
        assert.ok(result.ok, file);
      }
      const found = await findCells(app.connection.db, ids.experiment);
      ids.cells = found.map((c) => c.id);
      ids.files = found.map((c) => c.files[0]!.id);
      ids.otherCell = (await findCells(app.connection.db, ids.other))[0]!.id;
    });
    after(async () => {
      await app?.connection.close();
      await database?.drop();
    });

    test('the owner moves the cycling file first into the formation cell: numbering continues, audited', async () => {
      const [first, second] = ids.files;
      const done = await cli([
        '--experiment',
        String(ids.experiment),
        '--file',
        String(first),
        '--cell',
        String(ids.cells[1]),
        '--as',
        'olivia',
      ]);
      assert.equal(done.error, null, done.error?.message);
      assert.match(
        done.out[0]!,
        new RegExp(`^moved file ${first} \\(sample_data_arbin\\.csv\\) to cell ${ids.cells[1]}$`),
      );
      assert.match(done.out.join('\n'), /no files/, 'the cell it left is said to be empty');
      assert.deepEqual(await cells(), [
        { id: ids.cells[0], files: [] },
        {
          id: ids.cells[1],
          files: [
            [second, 1],
            [first, 2],
          ],
        },
      ]);
      const [formation, cycling] = (await findCells(app.connection.db, ids.experiment))[1]!.files;
      assert.equal(cycling!.firstCellCycle, formation!.lastCellCycle! + 1, 'the cell’s cycles continue');
      const audit = await app.connection.db
        .selectFrom('authz_audit_log')
        .select(['actor_id', 'client_address'])
        .where('action', '=', 'data.move-file')
        .execute();
      assert.equal(audit.length, 1);
      assert.equal(audit[0]!.client_address, 'cli');

      // --position puts it back in front.
      const back = await cli([
        '--experiment',
        String(ids.experiment),
        '--file',
        String(first),
        '--cell',
        String(ids.cells[1]),
        '--position',
        '1',
        '--as',
        'olivia',
      ]);
      assert.equal(back.error, null, back.error?.message);
      assert.deepEqual(
        (await cells())[1]!.files.map((f) => f[0]),
        [first, second],
      );
    });

    test('an unknown file, another experiment’s cell, a bad number: refused with words, nothing moves', async () => {
      const before = await cells();
      const refusals: [string[], string, RegExp][] = [
        [
          ['--file', '999999', '--cell', String(ids.cells[0])],
          'NOT_FOUND',
          /^file 999999 is not a file of experiment \d+$/,
        ],
        [
          ['--file', String(ids.files[0]), '--cell', String(ids.otherCell)],
          'NOT_FOUND',
          /is not a cell of experiment \d+: a file moves between cells of its own experiment/,
        ],
        [
          ['--file', String(ids.files[0]), '--cell', String(ids.cells[0]), '--position', '0'],
          'INVALID_INPUT',
          /--position must be a whole number/,
        ],
        [
          ['--file', 'first', '--cell', String(ids.cells[0])],
          'INVALID_INPUT',
          /--file must be a whole number/,
        ],
      ];
      for (const [args, code, message] of refusals) {
        const done = await cli(['--experiment', String(ids.experiment), ...args, '--as', 'olivia']);
        assert.equal(done.error?.code, code, args.join(' '));
        assert.match(done.error.message, message);
      }
      assert.deepEqual(await cells(), before);
    });

    test('acting as a reader: not found while private, forbidden once public, nothing moves', async () => {
      const before = await cells();
      const args = [
        '--experiment',
        String(ids.experiment),
        '--file',
        String(ids.files[0]),
        '--cell',
        String(ids.cells[0]),
        '--as',
        'rita',
      ];
      const hidden = await cli(args);
      assert.equal(hidden.error?.code, 'NOT_FOUND');
      assert.match(hidden.error.message, /experiment \d+ does not exist/);
      await app.authz.experiments.update(sql`id = ${ids.experiment}`, { status: 'public' });
      try {
        const visible = await cli(args);
        assert.equal(visible.error?.code, 'FORBIDDEN');
      } finally {
        await app.authz.experiments.update(sql`id = ${ids.experiment}`, { status: 'private' });
      }
      assert.deepEqual(await cells(), before);
    });

    test('the command line: a refusal is one line on standard error and exit code 1', () => {
      const main = new URL('../src/cli/main.ts', import.meta.url).pathname;
      const result = spawnSync(
        process.execPath,
        [
          '--conditions=@batterydb/source',
          '--import',
          'tsx',
          main,
          'cells',
          'move-file',
          '--experiment',
          String(ids.experiment),
          '--file',
          String(ids.files[0]),
          '--cell',
          String(ids.otherCell),
          '--as',
          'olivia',
        ],
        { env: { ...process.env, DATABASE_URL: database.url }, encoding: 'utf8' },
      );
      assert.equal(result.status, 1, result.stderr);
      assert.match(
        result.stderr.trim(),
        /^batterydb: cell \d+ is not a cell of experiment \d+: .* \(cell\)$/,
      );
    });
  });
}
