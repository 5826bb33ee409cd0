import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DIALECTS } from '../../../test-support/databases.ts';
import { kitWithClock } from './support/clock-kit.ts';

const policies = {
  session: { idleMs: 60_000, absoluteMs: 60_000 },
  throttle: { windowMs: 60_000, maxPerAccount: 3, maxPerAddress: 100 },
};

for (const dialect of DIALECTS) {
  describe(`sign-in throttling in the kit (${dialect})`, () => {
    let kit: Awaited<ReturnType<typeof kitWithClock>>;
    before(async () => {
      kit = await kitWithClock(dialect);
      await kit.authz.createUser({ username: 'alice', password: 'alice-password' });
    });
    after(() => kit.close());

    test('a sliding window per account; the wait is until the oldest counted failure leaves it', async () => {
      const { authz, clock } = kit;
      const attempt = (password: string) =>
        authz.signIn({ username: 'alice', password, clientAddress: null }, policies);
      for (let i = 0; i < 3; i++) {
        assert.deepEqual(await attempt('wrong'), { ok: false, reason: 'invalid' });
        clock.now += 10_000;
      }
      assert.deepEqual(await attempt('alice-password'), {
        ok: false,
        reason: 'throttled',
        retryAfterMs: 30_000,
      });
      clock.now += 30_000;
      assert.equal((await attempt('alice-password')).ok, true);
    });

    test('many processes at once: no more than the limit get to try a password', async () => {
      const { authz, another, hasher } = kit;
      const kits = [authz, another(), another(), another()];
      const verifies = hasher.verifies;
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          kits[i % kits.length]!.signIn(
            { username: 'bob', password: 'guess', clientAddress: `10.0.0.${i}` },
            policies,
          ),
        ),
      );
      const tried = results.filter((r) => !r.ok && r.reason === 'invalid').length;
      assert.ok(tried <= 3, `${tried} attempts got through`);
      assert.ok(tried >= 1);
      assert.equal(hasher.verifies - verifies, tried, 'throttled attempts hash nothing');
    });
  });
}
