import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { DIALECTS } from '../../../../test-support/databases.ts';
import { makeUser, testServer, type TestServer } from './support/server.ts';

const MINUTE = 60_000;
const throttle = {
  windowMs: 15 * MINUTE,
  maxPerPair: 3,
  maxPerAddress: 5,
  accountFreeFailures: 4,
  accountBaseDelayMs: 2000,
  accountMaxDelayMs: MINUTE,
  knownClientMs: 30 * 24 * 60 * MINUTE,
};

function login(app: FastifyInstance, username: string, password: string, from = '10.0.0.1', headers = {}) {
  return app.inject({
    method: 'POST',
    url: '/api/auth/login',
    remoteAddress: from,
    headers,
    payload: { username, password },
  });
}

for (const dialect of DIALECTS) {
  describe(`sign-in throttling (${dialect})`, () => {
    let s: TestServer;
    before(async () => {
      s = await testServer(dialect, { throttle });
      await makeUser(s.authz, 'root', { staff: true, superuser: true });
      for (const name of ['alice', 'bob', 'carol', 'dave']) await makeUser(s.authz, name);
    });
    after(() => s.close());

    test('a stranger cannot lock root out: their address is locked, root at its own is not', async () => {
      assert.equal((await login(s.app, 'root', 'root-password', '10.1.0.1')).statusCode, 200);
      for (let i = 0; i < 3; i++)
        assert.equal((await login(s.app, 'root', 'wrong-password', '10.66.0.1')).statusCode, 401);
      const hashesBefore = s.hasher.verifies + s.hasher.hashes;
      const locked = await login(s.app, 'root', 'root-password', '10.66.0.1');
      assert.equal(locked.statusCode, 429);
      assert.equal(locked.headers['retry-after'], String(15 * 60));
      assert.equal(locked.json<{ code: string }>().code, 'TOO_MANY_ATTEMPTS');
      assert.equal(s.hasher.verifies + s.hasher.hashes, hashesBefore, 'a throttled attempt hashes nothing');
      // The attack: one request every few minutes to keep the account locked. It keeps
      // only the stranger's own pair locked; root signs in from its address every time.
      for (let round = 0; round < 4; round++) {
        s.clock.tick(4 * MINUTE);
        await login(s.app, 'root', 'wrong-password', '10.66.0.1');
        assert.equal(
          (await login(s.app, 'root', 'root-password', '10.1.0.1')).statusCode,
          200,
          `round ${round}`,
        );
      }
      s.clock.tick(15 * MINUTE);
    });

    test('strangers at many addresses only slow the account down, capped; the owner is not slowed', async () => {
      assert.equal((await login(s.app, 'alice', 'alice-password', '10.2.0.1')).statusCode, 200);
      let biggest = 0;
      for (let i = 0; i < 20; i++) {
        const response = await login(s.app, 'alice', 'guess-guess', `10.77.${i}.1`);
        if (response.statusCode === 429) {
          const wait = Number(response.headers['retry-after']);
          biggest = Math.max(biggest, wait);
          s.clock.tick(wait * 1000);
        } else assert.equal(response.statusCode, 401);
        assert.equal((await login(s.app, 'alice', 'alice-password', '10.2.0.1')).statusCode, 200);
      }
      assert.equal(biggest, 60, 'the delay grew to its cap and no further');
      s.clock.tick(15 * MINUTE);
    });

    test('per address: one address spraying many accounts is stopped; people known there are not', async () => {
      assert.equal((await login(s.app, 'carol', 'carol-password', '10.3.0.1')).statusCode, 200);
      const names = ['bob', 'dave', 'nobody1', 'nobody2', 'nobody3'];
      for (const name of names)
        assert.equal((await login(s.app, name, 'guess-guess', '10.3.0.1')).statusCode, 401);
      const blocked = await login(s.app, 'bob', 'bob-password', '10.3.0.1');
      assert.equal(blocked.statusCode, 429);
      assert.ok(Number(blocked.headers['retry-after']) > 0);
      assert.equal((await login(s.app, 'carol', 'carol-password', '10.3.0.1')).statusCode, 200);
      assert.equal((await login(s.app, 'bob', 'bob-password', '10.3.0.2')).statusCode, 200);
      s.clock.tick(15 * MINUTE);
    });

    test('X-Forwarded-For is ignored unless the proxy is trusted', async () => {
      for (let i = 0; i < 5; i++) {
        const response = await login(s.app, `spray${i}`, 'guess-guess', '10.4.0.1', {
          'x-forwarded-for': `203.0.113.${i}`,
        });
        assert.equal(response.statusCode, 401);
      }
      const spoofed = await login(s.app, 'dave', 'dave-password', '10.4.0.1', {
        'x-forwarded-for': '198.51.100.7',
      });
      assert.equal(spoofed.statusCode, 429, 'a forged header does not give a fresh address');

      const proxied = await s.anotherProcess({ throttle, trustProxy: true });
      for (let i = 0; i < 5; i++)
        await login(proxied.app, `spray${i}`, 'guess-guess', '10.4.0.9', {
          'x-forwarded-for': '203.0.113.50',
        });
      const other = await login(proxied.app, 'dave', 'dave-password', '10.4.0.9', {
        'x-forwarded-for': '203.0.113.51',
      });
      assert.equal(other.statusCode, 200, 'behind a trusted proxy the forwarded address counts');
      s.clock.tick(15 * MINUTE);
    });

    test('the limits hold across processes sharing the database', async () => {
      const second = await s.anotherProcess();
      await login(s.app, 'dave', 'nope-nope', '10.5.0.1');
      await login(second.app, 'dave', 'nope-nope', '10.5.0.1');
      await login(s.app, 'dave', 'nope-nope', '10.5.0.1');
      assert.equal((await login(second.app, 'dave', 'dave-password', '10.5.0.1')).statusCode, 429);
      s.clock.tick(15 * MINUTE);
    });

    test('concurrent attempts cannot slip past the limit', async () => {
      const second = await s.anotherProcess();
      const attempts = Array.from({ length: 12 }, (_, i) =>
        login(i % 2 ? s.app : second.app, 'erin', 'wrong-wrong', '10.6.0.1'),
      );
      const statuses = (await Promise.all(attempts)).map((r) => r.statusCode);
      assert.ok(statuses.filter((x) => x === 401).length <= throttle.maxPerPair, statuses.join(','));
      assert.ok(statuses.every((x) => x === 401 || x === 429));
    });
  });

  describe(`the default policy, as the issue's attacker meets it (${dialect})`, () => {
    let s: TestServer;
    before(async () => {
      s = await testServer(dialect);
      await makeUser(s.authz, 'root', { staff: true, superuser: true });
    });
    after(() => s.close());

    test('a stranger hammering root from one address: root signs in at once from a never-seen address', async () => {
      const statuses = [];
      for (let i = 0; i < 12; i++)
        statuses.push((await login(s.app, 'root', 'wrong-password', '192.0.2.66')).statusCode);
      assert.deepEqual(statuses, [...Array<number>(5).fill(401), ...Array<number>(7).fill(429)]);
      assert.equal((await login(s.app, 'root', 'root-password', '192.0.2.66')).statusCode, 429);
      const owner = await login(s.app, 'root', 'root-password', '198.51.100.20');
      assert.equal(owner.statusCode, 200, 'no lock and no delay for the owner elsewhere');
    });
  });

  describe(`no account enumeration (${dialect})`, () => {
    let s: TestServer;
    before(async () => {
      s = await testServer(dialect);
      await makeUser(s.authz, 'active');
      await makeUser(s.authz, 'inactive', { active: false });
      await s.authz.createUser({ username: 'nopassword' });
      // The kit makes its dummy hash once per process, at the first unknown user: not an attempt's cost.
      await login(s.app, 'warm-up-unknown', 'whatever', '10.9.9.9');
    });
    after(() => s.close());

    test('unknown user, wrong password, inactive user: same status, same body, exactly one hash each', async () => {
      const cases = [
        ['no-such-user', 'some-password'],
        ['active', 'wrong-password'],
        ['inactive', 'inactive-password'],
        ['nopassword', 'some-password'],
      ] as const;
      const answers: unknown[] = [];
      for (const [i, [username, password]] of cases.entries()) {
        const before = { hashes: s.hasher.hashes, verifies: s.hasher.verifies };
        const response = await login(s.app, username, password, `10.8.0.${i}`);
        assert.equal(response.statusCode, 401, username);
        assert.equal(s.hasher.verifies - before.verifies, 1, `${username}: one verification`);
        assert.equal(s.hasher.hashes - before.hashes, 0, `${username}: no other hashing`);
        assert.equal(response.cookies.length, 0);
        answers.push({ body: response.json<unknown>(), type: response.headers['content-type'] });
      }
      for (const answer of answers.slice(1)) assert.deepEqual(answer, answers[0]);
      assert.deepEqual((answers[0] as { body: object }).body, {
        type: 'urn:batterydb:problem:invalid-credentials',
        title: 'Unauthorized',
        status: 401,
        detail: 'the username or password is incorrect',
        code: 'INVALID_CREDENTIALS',
      });
    });
  });
}
