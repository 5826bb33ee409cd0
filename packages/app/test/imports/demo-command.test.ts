/**
 * `batterydb demo`: one user per role with a working random password, experiments owned by the
 * contributor (public and private) holding imported data, and a second run that refuses and
 * changes nothing. Synthetic data on every dialect; the real files too when they are present.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { AuthzError } from '@batterydb/authz';
import { runDemo } from '../../src/cli/commands/demo.ts';
import { findExperiments } from '../../src/experiments/find-experiments.ts';
import { DIALECTS } from '../../../../test-support/databases.ts';
import { appDatabase } from '../support/app-db.ts';
import { HAVE_CYCLER_DATA, withoutCyclerData } from './support/cycler-files.ts';
import { dataRowCounts } from './support/data-server.ts';

type App = Awaited<ReturnType<typeof appDatabase>>;

async function checkDemo(app: App, lines: string[], experiments: number): Promise<void> {
  const { authz, connection } = app;
  for (const [username, role] of [
    ['demo-reader', 'Read only'],
    ['demo-contributor', 'Contributor'],
    ['demo-maintainer', 'Maintainer'],
  ] as const) {
    const line = lines.find((l) => l.trim().startsWith(username));
    assert.ok(line, `${username} is printed`);
    const password = line.trim().split(/\s+/).at(-1)!;
    assert.ok(password.length >= 16, 'a random password of 96 bits');
    const signIn = await authz.authenticate(username, password);
    assert.ok(signIn.ok, `${username} signs in with the printed password`);
    const subject = (await authz.loadSubject(signIn.user.id))!;
    assert.deepEqual(
      subject.groups.map((g) => g.name),
      [role],
    );
  }
  const contributor = (await authz.findUserByUsername('demo-contributor'))!;
  const rows = await connection.db.selectFrom('experiment').select(['id', 'owner_id', 'status']).execute();
  assert.equal(rows.length, experiments);
  assert.ok(rows.every((r) => r.owner_id === contributor.id));
  assert.ok(rows.some((r) => r.status === 'public') && rows.some((r) => r.status === 'private'));
  for (const { id } of rows) {
    const cycles = await connection.db
      .selectFrom('cycle_summary')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('experiment_id', '=', id)
      .executeTakeFirstOrThrow();
    assert.ok(Number(cycles.n) > 0, `experiment ${id} has data`);
  }
  // A reader sees the public ones only: the demo exercises the rules, not a shortcut around them.
  const reader = (await authz.findUserByUsername('demo-reader'))!;
  const visible = await authz.experiments.count(reader.id, 'batterydb.view_experiment');
  assert.equal(visible, rows.filter((r) => r.status === 'public').length);
  await checkDemoCells(app, experiments);
}

/** Every demo cell carries the lab's metadata, and the list's cell-mass filter finds demo experiments. */
async function checkDemoCells({ authz, connection }: App, experiments: number): Promise<void> {
  const cells = await connection.db.selectFrom('cell').selectAll().execute();
  assert.ok(cells.length >= experiments, 'one cell per uploaded file');
  for (const cell of cells) {
    const what = `cell ${cell.label}`;
    assert.ok(Number(cell.active_mass_mg) > 0, `${what} has an active mass`);
    assert.ok(Number(cell.electrode_area_cm2) > 0, `${what} has an electrode area`);
    assert.ok(Number(cell.charge_c_rate) > 0 && Number(cell.discharge_c_rate) > 0, `${what} has C-rates`);
    assert.ok(Number(cell.voltage_min_v) < Number(cell.voltage_max_v), `${what} has a voltage window`);
    assert.ok(cell.cathode_material && cell.anode_material && cell.electrolyte, `${what} has materials`);
    assert.equal(typeof cell.temperature_c, 'number', `${what} has a temperature`);
  }
  // The filter GET /api/experiments applies (the route calls findExperiments), as the owner sees it.
  const owner = await authz.loadSubject((await authz.findUserByUsername('demo-contributor'))!.id);
  const all = await findExperiments(authz, connection.db, owner, { total: 'exact' });
  assert.equal(all.items.length, experiments);
  const [mass] = cells.map((c) => Number(c.active_mass_mg)).sort((a, b) => a - b);
  const found = await findExperiments(authz, connection.db, owner, {
    cellMassMin: mass! * 0.5,
    cellMassMax: mass! * 1.5,
  });
  assert.ok(found.items.length >= 1, 'the cell-mass filter finds a demo experiment');
  assert.ok(found.items.length < experiments, 'and not every one: the filter filters');
  const none = await findExperiments(authz, connection.db, owner, { cellMassMin: 1e6 + 1 });
  assert.deepEqual(none.items, []);
}

for (const dialect of DIALECTS) {
  describe(`batterydb demo (${dialect})`, () => {
    test('synthetic data: users, experiments, data; a second run refuses and changes nothing', async () => {
      const app = await appDatabase(dialect);
      try {
        const lines = await runDemo(app, { synthetic: true });
        await checkDemo(app, lines, 3);
        const counts = await dataRowCounts(app.connection);
        await assert.rejects(
          runDemo(app, { synthetic: true }),
          (error: unknown) =>
            error instanceof AuthzError &&
            error.code === 'CONFLICT' &&
            /nothing was changed/.test(error.message),
        );
        assert.deepEqual(await dataRowCounts(app.connection), counts);
        assert.equal((await app.connection.db.selectFrom('experiment').select('id').execute()).length, 3);
      } finally {
        await app.close();
      }
    });

    test('a fresh clone without ../shared: the shipped fixture files, real data', async () => {
      const app = await appDatabase(dialect);
      try {
        const lines = await runDemo(app, { data: join(tmpdir(), 'no-cycler-files-here') });
        assert.ok(lines.some((l) => l.includes('from the real cycler files shipped in')));
        assert.ok(lines.some((l) => /LANHE coin cell .* 16,538 samples, 14 cycles/.test(l)));
        await checkDemo(app, lines, 4);
        const formats = await app.connection.db
          .selectFrom('data_file')
          .select(['format', 'capacity_source'])
          .execute();
        assert.deepEqual(formats.map((f) => f.format).sort(), [
          'lanhe-xlsx',
          'maccor-text',
          'neware-csv',
          'neware-ndax',
        ]);
        assert.ok(formats.every((f) => f.capacity_source === 'cycler'));
      } finally {
        await app.close();
      }
    });

    if (!HAVE_CYCLER_DATA) withoutCyclerData('the real cycler files, when present');
    else
      test('the real cycler files, when present', async () => {
        const app = await appDatabase(dialect);
        try {
          const lines = await runDemo(app);
          assert.ok(lines.some((l) => l.includes('from the real cycler files')));
          await checkDemo(app, lines, 8);
        } finally {
          await app.close();
        }
      });
  });
}

describe('the demo command line', () => {
  const dir = mkdtempSync(join(tmpdir(), 'batterydb-demo-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const main = new URL('../../src/cli/main.ts', import.meta.url).pathname;
  const cli = (args: string[]) =>
    spawnSync(process.execPath, ['--import', 'tsx', main, ...args], {
      env: {
        ...process.env,
        HOST: '127.0.0.1',
        PORT: '3000',
        DATABASE_URL: `sqlite:${join(dir, 'demo.sqlite')}`,
      },
      encoding: 'utf8',
    });

  test('prints the users and experiments once, then refuses with one line and exit code 1', () => {
    const first = cli(['demo', '--synthetic']);
    assert.equal(first.status, 0, first.stderr);
    assert.match(first.stdout, /demo-maintainer\s+Maintainer\s+\S{16}/);
    assert.match(first.stdout, /Open http:\/\/127\.0\.0\.1:3000\/ .*\n.*sign in as demo-contributor/);
    assert.match(first.stdout, /public\s+Synthetic LFP 18650/);
    const second = cli(['demo', '--synthetic']);
    assert.equal(second.status, 1);
    assert.match(second.stderr.trim(), /^batterydb: demo data already exists .* nothing was changed/);
    assert.equal(second.stdout, '');
  });
});
