import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { DEFAULT_SESSION_POLICY, DEFAULT_THROTTLE_POLICY } from '@batterydb/authz';
import * as OTPAuth from 'otpauth';
import { openApp } from '../src/cli/open-app.ts';

const main = new URL('../src/cli/main.ts', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'batterydb-cli-'));
const DATABASE_URL = `sqlite:${join(dir, 'cli.sqlite')}`;

function cli(args: string[], env: Record<string, string> = {}, input = '') {
  const result = spawnSync(
    process.execPath,
    ['--conditions=@batterydb/source', '--import', 'tsx', main, ...args],
    {
      env: { ...process.env, DATABASE_URL, ...env },
      input,
      encoding: 'utf8',
    },
  );
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

  test('createsuperuser: the password policy holds, and the account is audited', async () => {
    for (const [password, rule] of [
      ['password', /most commonly breached/],
      ['short', /8–128 characters/],
      ['admin2-admin2', /too similar to the username/],
    ] as const) {
      const refused = cli(['createsuperuser', '--username', 'admin2'], { BATTERYDB_PASSWORD: password });
      assert.equal(refused.code, 1, password);
      assert.match(refused.err, rule);
      assert.match(refused.err, /\(password\)$/, 'the field is named');
    }
    const { connection, authz } = await openApp({ DATABASE_URL });
    try {
      const { entries } = await authz.findAuditEntries({ action: 'user.createsuperuser', limit: 10 });
      assert.deepEqual(entries.map((e) => [e.actorId, (e.after as { username: string }).username]).sort(), [
        [null, 'root'],
        [null, 'second'],
      ]);
    } finally {
      await connection.close();
    }
  });

  test('throttle list shows what is locked; throttle reset lifts it, audited', async () => {
    const { connection, authz } = await openApp({ DATABASE_URL });
    try {
      for (let i = 0; i < 5; i++)
        await authz.signIn(
          { username: 'root', password: 'not the password', clientAddress: '192.0.2.7' },
          { session: DEFAULT_SESSION_POLICY, throttle: DEFAULT_THROTTLE_POLICY },
        );
    } finally {
      await connection.close();
    }
    const listed = cli(['throttle', 'list']);
    assert.equal(listed.code, 0, listed.err);
    assert.match(listed.out, /root from 192\.0\.2\.7 — 5 — \d{4}-\d\d-\d\dT/);
    assert.match(listed.out, /192\.0\.2\.7 — 5 — -/, 'the address itself is not locked');
    assert.match(cli(['throttle', 'list', '--address', '198.51.100.1']).out, /nothing is throttled/);
    assert.match(cli(['throttle', 'reset']).err, /name an account or an address, or reset all/);
    assert.equal(
      cli(['throttle', 'reset', '--user', 'root']).out,
      '5 failed sign-ins forgotten; their locks and delays are lifted.',
    );
    assert.match(cli(['throttle', 'list', '--user', 'root']).out, /nothing is throttled/);
  });

  test('second-factor remove: the operator removes a locked-out account’s factor; audited', async () => {
    const opened = await openApp({ DATABASE_URL });
    try {
      const root = (await opened.authz.findUserByUsername('root'))!;
      const { secret } = await opened.authz.beginEnrolment(root.id, { issuer: 'BatteryDB', account: 'root' });
      const code = new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(secret) }).generate();
      const confirmed = await opened.authz.confirmEnrolment(
        { userId: root.id, code, clientAddress: null },
        DEFAULT_THROTTLE_POLICY,
      );
      assert.ok(confirmed.ok);
    } finally {
      await opened.connection.close();
    }
    const removed = cli(['second-factor', 'remove', '--user', 'root']);
    assert.equal(removed.code, 0, removed.err);
    assert.match(removed.out, /root's second factor and recovery codes are removed/);
    const again = cli(['second-factor', 'remove', '--user', 'root']);
    assert.notEqual(again.code, 0);
    assert.match(again.err, /root has no second factor/);
    assert.match(cli(['second-factor', 'remove', '--user', 'ghost']).err, /there is no user "ghost"/);
    const check = await openApp({ DATABASE_URL });
    try {
      const { entries } = await check.authz.findAuditEntries({
        action: 'user.second_factor_remove',
        limit: 5,
      });
      assert.equal(entries.length, 1);
      assert.equal(entries[0]!.actorId, null, 'the system');
      assert.equal(entries[0]!.clientAddress, 'cli');
    } finally {
      await check.connection.close();
    }
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
