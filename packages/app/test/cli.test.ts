import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';

const main = new URL('../src/cli/main.ts', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'batterydb-cli-'));
const DATABASE_URL = `sqlite:${join(dir, 'cli.sqlite')}`;

function cli(args: string[], env: Record<string, string> = {}, input = '') {
  const result = spawnSync(process.execPath, ['--conditions=source', '--import', 'tsx', main, ...args], {
    env: { ...process.env, DATABASE_URL, ...env },
    input,
    encoding: 'utf8',
  });
  return { code: result.status, out: result.stdout.trim(), err: result.stderr.trim() };
}

describe('batterydb CLI', () => {
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('init creates the roles and a second init changes nothing', () => {
    const first = cli(['init']);
    assert.equal(first.code, 0, first.err);
    assert.match(first.out, /Role "Maintainer": created/);
    assert.match(cli(['init']).out, /Role "Maintainer": unchanged/);
  });

  test('createsuperuser for scripts: password from the environment or stdin; duplicates name the field', () => {
    const made = cli(['createsuperuser', '--username', 'root', '--email', 'root@example.org'], {
      BATTERYDB_PASSWORD: 'correct horse battery',
    });
    assert.equal(made.code, 0, made.err);
    const piped = cli(
      ['createsuperuser', '--username', 'second', '--email', 'b@example.org'],
      {},
      'another long password\n',
    );
    assert.equal(piped.code, 0, piped.err);
    const dup = cli(['createsuperuser', '--username', 'ROOT'], {
      BATTERYDB_PASSWORD: 'correct horse battery',
    });
    assert.equal(dup.code, 1);
    assert.equal(dup.err, 'batterydb: username "ROOT" is already taken (username)');
  });

  test('perms check prints yes/no and why', () => {
    assert.equal(
      cli(['perms', 'check', 'root', 'batterydb.view_experiment']).out,
      'yes: root is an active superuser',
    );
    assert.equal(
      cli(['perms', 'check', 'ghost', 'batterydb.view_experiment']).out,
      'no: there is no user "ghost"',
    );
  });

  test('a bad DATABASE_URL is one clear line and a non-zero exit, no stack trace', () => {
    for (const url of ['mysql://x', 'postgres://nobody@127.0.0.1:1/none', 'sqlite:']) {
      const result = cli(['init'], { DATABASE_URL: url });
      assert.equal(result.code, 1, url);
      assert.equal(result.err.split('\n').length, 1, result.err);
      assert.match(result.err, /^batterydb: /);
      assert.doesNotMatch(result.err, /\s+at /);
    }
  });
});
