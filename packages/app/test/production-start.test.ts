/**
 * Issue 13: a production install runs built JavaScript with no dev dependency. The repository
 * is copied to a temporary folder and built there (tsc, with this checkout's dev tools), then
 * installed with `npm ci --omit=dev`; `npm start` must serve — on every dialect — print the URL
 * and the next steps, and stop on SIGTERM; the CLI answers `--version` and creates a superuser
 * (argon2, the native add-ons). `--ignore-scripts` spares recompiling better-sqlite3 from source
 * (minutes on this machine): its add-on is copied from this checkout's, and the root `prepare`
 * step — which a production install runs — is run explicitly, to show it keeps the build.
 */
import assert from 'node:assert/strict';
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../../../test-support/databases.ts';
import { request } from './support/server-process.ts';

const REPO = fileURLToPath(new URL('../../../', import.meta.url));
const WORKSPACES = ['packages/authz', 'packages/app', 'packages/harvester'];
const LEFT_OUT = new Set(['node_modules', 'dist', 'test', 'bench', '.tmp', 'data']);

/** The environment of a production process: none of the test runner's `--conditions=@batterydb/source`. */
function productionEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const { NODE_OPTIONS: _dev, ...env } = process.env;
  return { ...env, NODE_ENV: 'production', ...extra };
}

function run(cwd: string, command: string, args: string[], env: NodeJS.ProcessEnv = productionEnv({})) {
  const result = spawnSync(command, args, { cwd, env, encoding: 'utf8' });
  assert.equal(result.status, 0, `${command} ${args.join(' ')}:\n${result.stdout}\n${result.stderr}`);
  return result.stdout;
}

/** The sources as a fresh clone has them. */
function copyRepository(to: string): void {
  for (const file of ['package.json', 'package-lock.json', 'LICENSE', 'tsconfig.json', 'scripts'])
    cpSync(join(REPO, file), join(to, file), { recursive: true });
  for (const dir of WORKSPACES)
    for (const name of readdirSync(join(REPO, dir)))
      if (!LEFT_OUT.has(name)) cpSync(join(REPO, dir, name), join(to, dir, name), { recursive: true });
}

/** This checkout's dev dependencies, with the workspace packages linked to the copy's own. */
function linkDevModules(to: string): void {
  mkdirSync(join(to, 'node_modules', '@batterydb'), { recursive: true });
  for (const name of readdirSync(join(REPO, 'node_modules')))
    if (!name.startsWith('.') && name !== '@batterydb')
      symlinkSync(join(REPO, 'node_modules', name), join(to, 'node_modules', name));
  for (const dir of WORKSPACES) {
    symlinkSync(join(to, dir), join(to, 'node_modules', '@batterydb', dir.split('/')[1]!));
    // A workspace may hold dependencies of its own that npm did not hoist (a pinned version).
    if (existsSync(join(REPO, dir, 'node_modules')))
      symlinkSync(join(REPO, dir, 'node_modules'), join(to, dir, 'node_modules'));
  }
}

describe('a production install: npm ci --omit=dev && npm start', () => {
  let dir: string;
  const databases: TestDatabase[] = [];
  const started: ChildProcess[] = [];
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'batterydb-production-'));
    copyRepository(dir);
    linkDevModules(dir);
    run(dir, process.execPath, ['scripts/build.mjs']);
    rmSync(join(dir, 'node_modules'), { recursive: true, force: true });
    // The links only, never what they point at (this checkout's own modules).
    for (const workspace of WORKSPACES) rmSync(join(dir, workspace, 'node_modules'), { force: true });
    run(dir, 'npm', ['ci', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund', '--prefer-offline']);
    const addon = 'node_modules/better-sqlite3/build/Release/better_sqlite3.node';
    mkdirSync(join(dir, addon, '..'), { recursive: true });
    cpSync(join(REPO, addon), join(dir, addon));
    run(dir, 'npm', ['run', 'prepare']);
  });
  after(async () => {
    for (const child of started) {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // Exited already.
      }
    }
    for (const database of databases) await database.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  test('no dev dependency is installed, and the build is there', () => {
    for (const devOnly of ['tsx', 'typescript', 'eslint', 'fast-check'])
      assert.equal(existsSync(join(dir, 'node_modules', devOnly)), false, `${devOnly} is not installed`);
    assert.ok(existsSync(join(dir, 'packages/app/dist/cli/main.js')));
    assert.ok(existsSync(join(dir, 'packages/authz/dist/index.d.ts')), 'the kit ships its types');
  });

  test('batterydb --version and createsuperuser run from the build', () => {
    const cli = join(dir, 'packages/app/bin/batterydb.mjs');
    const version = run(dir, process.execPath, [cli, '--version']).trim();
    assert.match(version, /^[0-9]+\.[0-9]+\.[0-9]+$/);
    const made = run(
      dir,
      process.execPath,
      [cli, 'createsuperuser', '--username', 'root', '--email', 'root@example.org'],
      productionEnv({
        DATABASE_URL: `sqlite:${join(dir, 'data/cli.sqlite')}`,
        BATTERYDB_PASSWORD: 'correct horse battery',
      }),
    );
    assert.match(made, /Superuser "root" created/);
  });

  for (const dialect of DIALECTS)
    test(`npm start serves (${dialect}), prints the URL and the next steps, and stops on SIGTERM`, async () => {
      let databaseUrl = `sqlite:${join(dir, 'data/batterydb.sqlite')}`;
      if (dialect === 'postgres') {
        const database = await createTestDatabase('postgres');
        databases.push(database);
        databaseUrl = database.url;
      }
      const child = spawn('npm', ['start'], {
        cwd: dir,
        // Two workers: the built CLI forks itself (cluster) without any dev tool.
        env: productionEnv({ DATABASE_URL: databaseUrl, PORT: '0', HOST: '127.0.0.1', WORKERS: '2' }),
        detached: true,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      started.push(child);
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      let output = '';
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
      const url = await new Promise<string>((resolve, reject) => {
        child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
          output += chunk;
          const match = /is serving (http:\/\/[0-9.]+:[0-9]+)/.exec(output);
          if (match) resolve(match[1]!);
        });
        void exited.then(() => reject(new Error(`npm start ended before serving:\n${output}`)));
      });
      assert.match(output, /with 2 worker processes/);
      assert.match(output, /createsuperuser/);
      assert.match(output, /demo/);
      const health = await request(url, { path: '/healthz' });
      assert.equal(health.status, 200, health.body);
      assert.equal(health.json<{ database: string }>().database, dialect);
      // What a terminal's Ctrl-C or a process manager does: the signal to the process group.
      process.kill(-child.pid!, 'SIGTERM');
      await exited;
    });
});
