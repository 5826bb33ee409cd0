/**
 * The harvester against a running server (`batterydb serve` as a process) and a temporary
 * folder, on both dialects (issue 22). With `--once` runs as the clock (a file is stable when its
 * modification time lies `stableSeconds` back, and the test sets that time), so nothing depends
 * on timing: a new file arrives once; a file still being written is not uploaded; once it has
 * grown it is uploaded again as the next version, and a reader polling meanwhile sees the old
 * version or the new, never both or neither; a restart uploads nothing twice; a rule pointing at
 * an experiment outside the token's scope gets 404, exactly as a user without the right. Then,
 * running as a service: the server stopped and started again loses nothing.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { appendFile, mkdir, mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { createAppAuthz } from '../../app/src/authz/create-app-authz.ts';
import { ROLE_CONTRIBUTOR } from '../../app/src/authz/roles.ts';
import { parseDatabaseUrl } from '../../app/src/config/database-url.ts';
import { syntheticCyclerCsv } from '../../app/src/cycler/index.ts';
import { connect, type Connection } from '../../app/src/db/connect.ts';
import { createExperiments } from '../../app/src/experiments/create-experiments.ts';
import { type ServerProcess, startServerProcess } from '../../app/test/support/server-process.ts';
import { until } from '../../app/test/support/wait.ts';
import { countingHasher } from '../../authz/test/support/kit.ts';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../../../test-support/databases.ts';

const CLI = fileURLToPath(new URL('../src/cli.ts', import.meta.url));
const LONG_AGO = Date.now() / 1000 - 3600;

const csv = (seed: number, cycles: number) =>
  syntheticCyclerCsv({ cycles, pointsPerHalfCycle: 25, capacityAh: 1, fadePerCycle: 0.01, seed });

function harvester(args: string[]) {
  const child = spawn(process.execPath, ['--conditions=@batterydb/source', '--import', 'tsx', CLI, ...args], {
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (c: string) => (output += c));
  child.stderr.setEncoding('utf8').on('data', (c: string) => (output += c));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    exited,
    output: () => output,
    stop: () => child.kill('SIGTERM'),
    kill: () => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // Gone already.
      }
    },
  };
}

async function once(config: string): Promise<string> {
  const run = harvester(['--config', config, '--once']);
  const code = await run.exited;
  assert.equal(code, 0, run.output());
  return run.output();
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

for (const dialect of DIALECTS) {
  describe(`batterydb-harvester against a running server (${dialect})`, () => {
    let database: TestDatabase;
    let connection: Connection;
    let server: ServerProcess;
    let port: number;
    let dir: string;
    let config: string;
    let inScope: number;
    let outside: number;
    let token: string;

    before(async () => {
      database = await createTestDatabase(dialect);
      connection = await connect(parseDatabaseUrl(database.url));
      const authz = createAppAuthz(connection.db, { hasher: countingHasher() });
      await authz.migrateAll();
      const user = await authz.createUser({ username: 'olivia', password: 'olivia-password' });
      await authz.addMember((await authz.findGroupByName(ROLE_CONTRIBUTOR))!.id, user.id);
      const rows = await createExperiments(authz, user.id, [
        { title: 'cycler 1' },
        { title: 'not for the PC' },
      ]);
      [inScope, outside] = rows.map((r) => Number(r.id)) as [number, number];
      token = (
        await authz.createApiToken(user.id, {
          name: 'cycler PC',
          expiresAt: null,
          scope: ['batterydb.view_experiment', 'batterydb.change_experiment'].map((permission) => ({
            permission,
            objects: [inScope],
          })),
        })
      ).token;
      port = await freePort();
      server = await startServerProcess(database.url, { PORT: String(port) });
      dir = await mkdtemp(path.join(tmpdir(), 'batterydb-harvester-'));
      await mkdir(path.join(dir, 'watched', 'cycler1', 'cell-A'), { recursive: true });
      await mkdir(path.join(dir, 'watched', 'elsewhere'), { recursive: true });
      config = path.join(dir, 'harvester.json');
      await writeFile(
        config,
        JSON.stringify({
          server: server.url,
          token,
          state: 'state.json',
          pollSeconds: 0.05,
          stableSeconds: 600,
          retryBaseSeconds: 0.05,
          retryMaxSeconds: 0.2,
          folders: [
            {
              path: 'watched',
              rules: [
                { match: 'cycler1/cell-A/**', experiment: inScope, cell: 'A' },
                { match: 'cycler1/**', experiment: inScope },
                { match: 'elsewhere/*.csv', experiment: outside },
              ],
            },
          ],
        }),
      );
    });
    after(async () => {
      server?.kill();
      await connection?.close();
      await database?.drop();
      if (dir) await rm(dir, { recursive: true, force: true });
    });

    const files = (experimentId: number) =>
      connection.db
        .selectFrom('data_file')
        .select(['id', 'file_name', 'status', 'replaced_by', 'cycle_count', 'cell_id', 'cell_position'])
        .where('experiment_id', '=', experimentId)
        .orderBy('id')
        .execute();
    const visible = async (experimentId: number) =>
      (await files(experimentId)).filter((f) => f.status === 'complete').map((f) => f.file_name);

    test('a new file arrives once; outside the scope 404; a restart uploads nothing twice', async () => {
      const run1 = path.join(dir, 'watched', 'cycler1', 'run1.csv');
      await writeFile(run1, csv(1, 2));
      await utimes(run1, LONG_AGO, LONG_AGO);
      const other = path.join(dir, 'watched', 'elsewhere', 'other.csv');
      await writeFile(other, csv(2, 2));
      await utimes(other, LONG_AGO, LONG_AGO);
      const first = await once(config);
      assert.match(first, /uploaded .*run1\.csv .* as file \d+/);
      assert.match(first, /refused .*other\.csv: HTTP 404/);
      assert.deepEqual(await visible(inScope), ['run1.csv']);
      assert.deepEqual(await files(outside), []);
      const again = await once(config);
      assert.doesNotMatch(again, /uploaded|refused/);
      assert.deepEqual(await visible(inScope), ['run1.csv']);
    });

    test('a growing file: not uploaded while written, uploaded again after it grew, swapped atomically', async () => {
      const growing = path.join(dir, 'watched', 'cycler1', 'growing.csv');
      const whole = csv(7, 6);
      const lines = whole.split('\n');
      const half = `${lines.slice(0, Math.floor(lines.length / 2)).join('\n')}\n`;
      await writeFile(growing, half); // just written: its modification time is now
      assert.doesNotMatch(await once(config), /growing\.csv/);
      assert.deepEqual(await visible(inScope), ['run1.csv']);

      await utimes(growing, LONG_AGO, LONG_AGO); // the cycler paused: it is stable now
      assert.match(await once(config), /uploaded .*growing\.csv/);
      const [v1] = (await files(inScope)).filter((f) => f.file_name === 'growing.csv');
      assert.ok(v1 && v1.status === 'complete');

      await appendFile(growing, whole.slice(half.length));
      await utimes(growing, LONG_AGO + 60, LONG_AGO + 60);
      // A reader polling while the new version is imported: the old data or the new, never both or none.
      let reading = true;
      const seen = new Set<string>();
      const reader = (async () => {
        while (reading) {
          const response = await fetch(`${server.url}/api/experiments/${inScope}/cycles`, {
            headers: { authorization: `Bearer ${token}` },
          });
          const { items } = (await response.json()) as { items: { fileId: number }[] };
          const ids = [...new Set(items.map((i) => i.fileId))].sort((a, b) => a - b);
          const growingIds = ids.filter((id) => id !== ids[0]);
          assert.equal(
            growingIds.length,
            1,
            `one version of growing.csv at a time, saw files ${ids.join(', ')}`,
          );
          const cycles = items.filter((i) => i.fileId === growingIds[0]).length;
          seen.add(`${growingIds[0]}:${cycles}`);
        }
      })();
      let out: string;
      try {
        out = await once(config);
      } finally {
        reading = false;
      }
      await reader;
      assert.match(out, new RegExp(`uploaded .*growing\\.csv .* replacing file ${v1.id}`));
      const versions = (await files(inScope)).filter((f) => f.file_name === 'growing.csv');
      assert.equal(versions.length, 2);
      const [old, current] = versions as [(typeof versions)[0], (typeof versions)[0]];
      assert.equal(old.status, 'stored');
      assert.equal(old.replaced_by, current.id);
      assert.equal(current.status, 'complete');
      assert.ok(current.cycle_count > old.cycle_count);
      // The new version took the old one's place: the cell the server made for growing.csv.
      assert.equal(current.cell_id, v1.cell_id);
      assert.equal(current.cell_position, v1.cell_position);
      assert.equal(old.cell_id, null);
      // Every answer the reader got was one whole version.
      for (const s of seen)
        assert.ok([`${old.id}:${old.cycle_count}`, `${current.id}:${current.cycle_count}`].includes(s), s);
      assert.doesNotMatch(await once(config), /uploaded/);
    });

    test("a rule's cell: found or made by label; a new version keeps its place in that cell", async () => {
      const cells = async () =>
        connection.db
          .selectFrom('cell')
          .select(['id', 'label'])
          .where('experiment_id', '=', inScope)
          .where('label', '=', 'A')
          .execute();
      assert.deepEqual(await cells(), []);
      const a1 = path.join(dir, 'watched', 'cycler1', 'cell-A', 'formation.csv');
      const whole = csv(21, 4);
      const lines = whole.split('\n');
      const half = `${lines.slice(0, Math.floor(lines.length / 2)).join('\n')}\n`;
      await writeFile(a1, half);
      await utimes(a1, LONG_AGO, LONG_AGO);
      assert.match(await once(config), /uploaded .*formation\.csv/);
      const [cell] = await cells();
      assert.ok(cell, 'the harvester made cell A');
      const a2 = path.join(dir, 'watched', 'cycler1', 'cell-A', 'cycling.csv');
      await writeFile(a2, csv(22, 2));
      await utimes(a2, LONG_AGO, LONG_AGO);
      assert.match(await once(config), /uploaded .*cycling\.csv/);
      assert.equal((await cells()).length, 1, 'found again, not made twice');
      const inCell = async () =>
        (await files(inScope))
          .filter((f) => f.cell_id === cell.id && f.status === 'complete')
          .sort((x, y) => x.cell_position! - y.cell_position!)
          .map((f) => [f.file_name, f.cell_position, f.id]);
      const before = await inCell();
      assert.deepEqual(
        before.map(([name, position]) => [name, position]),
        [
          ['formation.csv', 1],
          ['cycling.csv', 2],
        ],
      );
      await appendFile(a1, whole.slice(half.length));
      await utimes(a1, LONG_AGO + 60, LONG_AGO + 60);
      assert.match(await once(config), /uploaded .*formation\.csv .* replacing file/);
      const after = await inCell();
      assert.deepEqual(
        after.map(([name, position]) => [name, position]),
        [
          ['formation.csv', 1],
          ['cycling.csv', 2],
        ],
      );
      assert.notEqual(after[0]![2], before[0]![2], 'the new version is a new file');
    });

    test('as a service: the server stopped and started again loses nothing', async () => {
      const service = harvester(['--config', config, '--stable', '0.2']);
      try {
        const fresh = path.join(dir, 'watched', 'cycler1', 'fresh.csv');
        await writeFile(fresh, csv(11, 2));
        await until(async () => (await visible(inScope)).includes('fresh.csv'), 'fresh.csv on the server');
        server.signal('SIGTERM');
        await server.exited;
        const down = path.join(dir, 'watched', 'cycler1', 'while-down.csv');
        await writeFile(down, csv(12, 2));
        await until(
          () => Promise.resolve(/retry \d+\/\d+ of .*while-down\.csv/.test(service.output())),
          'a retry',
        );
        server = await startServerProcess(database.url, { PORT: String(port) });
        await until(
          async () => (await visible(inScope)).includes('while-down.csv'),
          'while-down.csv after the restart',
        );
        service.stop();
        assert.equal(await service.exited, 0, service.output());
      } finally {
        service.kill();
      }
      const names = await visible(inScope);
      assert.deepEqual([...names].sort(), [
        'cycling.csv',
        'formation.csv',
        'fresh.csv',
        'growing.csv',
        'run1.csv',
        'while-down.csv',
      ]);
      assert.doesNotMatch(await once(config), /uploaded/);
    });
  });
}
