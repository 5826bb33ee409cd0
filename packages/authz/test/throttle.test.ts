import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DEFAULT_THROTTLE_POLICY, type ThrottlePolicy } from '../src/index.ts';
import { addressKey } from '../src/throttle/client-address.ts';
import { accountDelayMs } from '../src/throttle/throttle-policy.ts';
import { DIALECTS } from '../../../test-support/databases.ts';
import { kitWithClock } from './support/clock-kit.ts';

const throttle: ThrottlePolicy = {
  windowMs: 60_000,
  maxPerPair: 3,
  maxPerAddress: 6,
  accountFreeFailures: 4,
  accountBaseDelayMs: 1000,
  accountMaxDelayMs: 8000,
  knownClientMs: 24 * 3600_000,
};
const policies = { session: { idleMs: 600_000, absoluteMs: 600_000 }, throttle };

describe('throttle policy arithmetic', () => {
  test('the account delay is 0 until the free failures are used, then doubles, capped', () => {
    assert.deepEqual(
      [0, 3, 4, 5, 6, 7, 8, 20, 1000].map((n) => accountDelayMs(throttle, n)),
      [0, 0, 1000, 2000, 4000, 8000, 8000, 8000, 8000],
    );
    assert.equal(accountDelayMs(DEFAULT_THROTTLE_POLICY, 10_000), DEFAULT_THROTTLE_POLICY.accountMaxDelayMs);
  });

  test('addresses: IPv4 as is, IPv4-mapped as IPv4, IPv6 per /64', () => {
    assert.equal(addressKey('10.1.2.3'), '10.1.2.3');
    assert.equal(addressKey('::ffff:10.1.2.3'), '10.1.2.3');
    assert.equal(addressKey('2001:db8:0:1:aaaa::1'), '2001:db8:0:1::/64');
    assert.equal(addressKey('2001:0db8:0000:0001:ffff:ffff:ffff:ffff'), '2001:db8:0:1::/64');
    assert.equal(addressKey('2001:db8::1'), '2001:db8:0:0::/64');
    assert.equal(addressKey('::1'), '0:0:0:0::/64');
    assert.equal(addressKey(null), null);
  });
});

for (const dialect of DIALECTS) {
  describe(`sign-in throttling in the kit (${dialect})`, () => {
    let kit: Awaited<ReturnType<typeof kitWithClock>>;
    before(async () => {
      kit = await kitWithClock(dialect);
      for (const name of ['alice', 'bob', 'carol', 'dave'])
        await kit.authz.createUser({ username: name, password: `${name}-password` });
    });
    after(() => kit.close());
    const attempt = (username: string, password: string, clientAddress: string | null) =>
      kit.authz.signIn({ username, password, clientAddress }, policies);

    test('a pair is locked after its limit; the owner at their own address is not', async () => {
      const { clock } = kit;
      assert.equal(
        (await attempt('alice', 'alice-password', '10.0.0.1')).ok,
        true,
        'the owner signs in once',
      );
      for (let i = 0; i < 3; i++)
        assert.deepEqual(await attempt('alice', 'guess', '10.6.6.6'), { ok: false, reason: 'invalid' });
      const locked = await attempt('alice', 'alice-password', '10.6.6.6');
      assert.deepEqual(locked, { ok: false, reason: 'throttled', retryAfterMs: 60_000, scope: 'pair' });
      clock.now += 1000;
      assert.equal(
        (await attempt('alice', 'alice-password', '10.0.0.1')).ok,
        true,
        'the owner is not locked out',
      );
      clock.now += 60_000;
      assert.equal((await attempt('alice', 'alice-password', '10.6.6.6')).ok, true, 'the window slides');
    });

    test('many addresses against one account: a growing capped delay, never a lock of the owner', async () => {
      const { clock, hasher } = kit;
      assert.equal((await attempt('bob', 'bob-password', '10.0.1.1')).ok, true);
      const waits: number[] = [];
      for (let i = 0; i < 12; i++) {
        const result = await attempt('bob', 'guess', `10.7.0.${i}`);
        if (!result.ok && result.reason === 'throttled') {
          assert.equal(result.scope, 'account');
          waits.push(result.retryAfterMs);
          const verifies = hasher.verifies;
          assert.equal((await attempt('bob', 'guess', `10.7.1.${i}`)).ok, false);
          assert.equal(hasher.verifies, verifies, 'a delayed attempt hashes nothing and is not counted');
          clock.now += result.retryAfterMs;
          assert.deepEqual(await attempt('bob', 'guess', `10.7.2.${i}`), { ok: false, reason: 'invalid' });
        }
        // Whatever the guessers do, the owner's right password from their address works at once.
        assert.equal((await attempt('bob', 'bob-password', '10.0.1.1')).ok, true);
      }
      assert.deepEqual(waits.slice(0, 4), [1000, 2000, 4000, 8000]);
      assert.ok(
        waits.every((w) => w <= throttle.accountMaxDelayMs),
        waits.join(','),
      );
      // A new address of the owner's waits at most the cap — slowed, not locked.
      const fresh = await attempt('bob', 'bob-password', '10.0.9.9');
      assert.ok(
        fresh.ok || (fresh.reason === 'throttled' && fresh.retryAfterMs <= throttle.accountMaxDelayMs),
      );
      clock.now += throttle.accountMaxDelayMs;
      assert.equal((await attempt('bob', 'bob-password', '10.0.9.9')).ok, true);
      clock.now += throttle.windowMs;
    });

    test('an address spraying accounts is locked for accounts not known there', async () => {
      const { clock } = kit;
      assert.equal((await attempt('carol', 'carol-password', '10.8.0.1')).ok, true);
      for (let i = 0; i < 6; i++)
        assert.deepEqual(await attempt(`nobody${i}`, 'guess', '10.8.0.1'), { ok: false, reason: 'invalid' });
      const sprayer = await attempt('dave', 'dave-password', '10.8.0.1');
      assert.equal(!sprayer.ok && sprayer.reason === 'throttled' && sprayer.scope, 'address');
      assert.equal((await attempt('carol', 'carol-password', '10.8.0.1')).ok, true, 'carol signs in there');
      assert.equal((await attempt('dave', 'dave-password', '10.8.0.2')).ok, true, 'dave elsewhere');
      clock.now += throttle.windowMs;
    });

    test('failures and the start of throttling are audited; operators see and reset it', async () => {
      const { authz, clock } = kit;
      for (let i = 0; i < 3; i++) await attempt('dave', 'guess', '10.9.0.1');
      const alice = (await authz.findUserByUsername('alice'))!;
      const dave = (await authz.findUserByUsername('dave'))!;
      const failures = await authz.findAuditEntries({
        action: 'auth.sign_in_failed',
        targetId: dave.id,
        limit: 10,
      });
      assert.equal(failures.entries.length, 3);
      assert.equal(failures.entries[0]!.clientAddress, '10.9.0.1');
      const throttled = await authz.findAuditEntries({
        action: 'auth.throttled',
        targetId: dave.id,
        limit: 10,
      });
      assert.deepEqual(
        throttled.entries.map((e) => (e.after as { scope: string }).scope),
        ['pair'],
      );
      await attempt('ghost', 'guess', '10.9.0.2');
      const status = await authz.throttleStatus(throttle);
      const pair = status.pairs.find((p) => p.account.username === 'dave')!;
      assert.deepEqual([pair.address, pair.failures], ['10.9.0.1', 3]);
      assert.equal(pair.lockedUntil?.getTime(), clock.now + throttle.windowMs);
      const ghost = status.pairs.find((p) => p.address === '10.9.0.2')!;
      assert.deepEqual(
        [ghost.account.userId, ghost.account.username],
        [null, null],
        'a typed name is not kept',
      );
      assert.equal((await authz.throttleStatus(throttle, { username: 'DAVE' })).pairs.length, 1);
      assert.equal((await authz.throttleStatus(throttle, { address: '10.9.0.2' })).pairs.length, 1);
      await assert.rejects(authz.resetThrottle({}), { code: 'INVALID_INPUT' });
      assert.equal(await authz.resetThrottle({ username: 'dave' }), 3);
      assert.equal((await attempt('dave', 'dave-password', '10.9.0.1')).ok, true, 'the lock is lifted');
      const reset = await authz.findAuditEntries({ action: 'auth.throttle_reset', limit: 1 });
      assert.deepEqual(reset.entries[0]!.before, { attempts: 3 });
      assert.ok(alice);
    });

    test('many processes at once: no more than the pair limit get to try a password', async () => {
      const { authz, another, hasher, db } = kit;
      // SQLite's "processes" share one handle: two connections in one thread, each holding a
      // write transaction across an await, would block that thread on each other's lock.
      const next = () => (dialect === 'sqlite' ? another(db) : another());
      const kits = [authz, next(), next(), next()];
      const verifies = hasher.verifies;
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          kits[i % kits.length]!.signIn(
            { username: 'erin', password: 'guess', clientAddress: '10.10.0.1' },
            policies,
          ),
        ),
      );
      const tried = results.filter((r) => !r.ok && r.reason === 'invalid').length;
      assert.ok(tried <= throttle.maxPerPair, `${tried} attempts got through`);
      assert.ok(tried >= 1);
      assert.equal(hasher.verifies - verifies, tried, 'throttled attempts hash nothing');
    });

    test('many processes at once, right password: every sign-in succeeds (attempts in progress are no failures)', async () => {
      const { authz, another, db } = kit;
      await authz.createUser({ username: 'frank', password: 'frank-password' });
      const next = () => (dialect === 'sqlite' ? another(db) : another());
      const kits = [authz, next(), next(), next()];
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          kits[i % kits.length]!.signIn(
            { username: 'frank', password: 'frank-password', clientAddress: '10.11.0.1' },
            policies,
          ),
        ),
      );
      assert.deepEqual(
        results.map((r) => r.ok),
        results.map(() => true),
      );
      const known = await db
        .selectFrom('authz_known_client')
        .selectAll()
        .where('address', '=', '10.11.0.1')
        .execute();
      assert.equal(known.length, 1, 'one known-client row, written by every sign-in (an upsert)');
      const left = await db
        .selectFrom('authz_sign_in_attempt')
        .select('id')
        .where('address', '=', '10.11.0.1')
        .execute();
      assert.equal(left.length, 0, 'every attempt settled and forgiven');
    });
  });
}
