/**
 * The kit's second factor on every dialect (issue 27): `sessionAfterFirstFactor` is the one
 * decision any first factor (password, identity provider) goes through; a challenge is no
 * session; `completeSignIn` gives one session per code even when the same code races itself;
 * a deactivated account's challenge dies.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DIALECTS } from '../../../test-support/databases.ts';
import { DEFAULT_SESSION_POLICY, DEFAULT_THROTTLE_POLICY } from '../src/index.ts';
import { totpCode, timeStep } from '../src/second-factor/totp.ts';
import { kitWithClock } from './support/clock-kit.ts';

const policies = { session: DEFAULT_SESSION_POLICY, throttle: DEFAULT_THROTTLE_POLICY };
const base32Decode = (text: string) => {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const ch of text) bits += alphabet.indexOf(ch).toString(2).padStart(5, '0');
  return Buffer.from(bits.match(/.{8}/g)!.map((b) => parseInt(b, 2)));
};

for (const dialect of DIALECTS) {
  describe(`second factor in the kit (${dialect})`, () => {
    let kit: Awaited<ReturnType<typeof kitWithClock>>;
    before(async () => {
      kit = await kitWithClock(dialect);
    });
    after(() => kit.close());

    async function enrolled(username: string) {
      const { authz, clock } = kit;
      const user = await authz.createUser({ username, password: `${username}-password` });
      const { secret } = await authz.beginEnrolment(user.id, { issuer: 'Test', account: username });
      const key = base32Decode(secret);
      const code = () => totpCode(key, timeStep(clock.now));
      const confirmed = await authz.confirmEnrolment(
        { userId: user.id, code: code(), clientAddress: null },
        DEFAULT_THROTTLE_POLICY,
      );
      assert.ok(confirmed.ok);
      clock.now += 30_000;
      return { user, code, recoveryCodes: confirmed.value };
    }

    test('a first factor gives a session, or a challenge when the account has a factor', async () => {
      const { authz } = kit;
      const plain = await authz.createUser({ username: 'plain' });
      const direct = await authz.sessionAfterFirstFactor(plain.id, DEFAULT_SESSION_POLICY);
      assert.equal(direct.kind, 'session');
      const { user } = await enrolled('guarded');
      const held = await authz.sessionAfterFirstFactor(user.id, DEFAULT_SESSION_POLICY);
      assert.equal(held.kind, 'second-factor');
      if (held.kind !== 'second-factor') return;
      assert.equal(
        await authz.validateSession(held.challenge.token, DEFAULT_SESSION_POLICY),
        null,
        'a challenge is no session',
      );
      const signIn = await authz.signIn(
        { username: 'guarded', password: 'guarded-password', clientAddress: '10.0.0.1' },
        policies,
      );
      assert.equal(signIn.ok, false);
      assert.equal(!signIn.ok && signIn.reason, 'second-factor');
    });

    test('the same code twice at once: one session, one refusal', async () => {
      const { authz } = kit;
      const { user, code } = await enrolled('racer');
      const a = await authz.sessionAfterFirstFactor(user.id, DEFAULT_SESSION_POLICY);
      const b = await authz.sessionAfterFirstFactor(user.id, DEFAULT_SESSION_POLICY);
      assert.ok(a.kind === 'second-factor' && b.kind === 'second-factor');
      const typed = code();
      const results = await Promise.all(
        [a, b].map((c) =>
          authz.completeSignIn(
            { challengeToken: c.challenge.token, code: typed, clientAddress: '10.0.0.2' },
            policies,
          ),
        ),
      );
      assert.equal(results.filter((r) => r.ok).length, 1, JSON.stringify(results));
      const ok = results.find((r) => r.ok);
      assert.ok(ok?.ok && ok.session.token);
      const valid = await authz.validateSession(ok.session.token, DEFAULT_SESSION_POLICY);
      assert.ok(valid?.mfaAt instanceof Date);
    });

    test('a deactivated account’s challenge dies; removing the factor ends waiting sign-ins', async () => {
      const { authz } = kit;
      const { user, code } = await enrolled('leaver');
      const held = await authz.sessionAfterFirstFactor(user.id, DEFAULT_SESSION_POLICY);
      assert.ok(held.kind === 'second-factor');
      await authz.updateUser(user.id, { isActive: false });
      const late = await authz.completeSignIn(
        { challengeToken: held.challenge.token, code: code(), clientAddress: null },
        policies,
      );
      assert.deepEqual(late, { ok: false, reason: 'expired' });

      const other = await enrolled('stayer');
      const waiting = await authz.sessionAfterFirstFactor(other.user.id, DEFAULT_SESSION_POLICY);
      assert.ok(waiting.kind === 'second-factor');
      assert.equal(await authz.removeSecondFactor(other.user.id, { actorId: null }), true);
      const after = await authz.completeSignIn(
        { challengeToken: waiting.challenge.token, code: other.code(), clientAddress: null },
        policies,
      );
      assert.deepEqual(after, { ok: false, reason: 'expired' });
      assert.equal(
        await authz.removeSecondFactor(other.user.id, { actorId: null }),
        false,
        'nothing left to remove',
      );
    });
  });
}
