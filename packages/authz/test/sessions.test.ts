import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { DIALECTS } from '../../../test-support/databases.ts';
import { DEFAULT_THROTTLE_POLICY } from '../src/index.ts';
import { kitWithClock } from './support/clock-kit.ts';

const policy = { idleMs: 10 * 60_000, absoluteMs: 60 * 60_000 };

for (const dialect of DIALECTS) {
  describe(`sessions (${dialect})`, () => {
    let kit: Awaited<ReturnType<typeof kitWithClock>>;
    before(async () => {
      kit = await kitWithClock(dialect);
    });
    after(() => kit.close());

    test('a session token is 256 random bits; only its SHA-256 is stored', async () => {
      const { authz } = kit;
      const user = await authz.createUser({ username: 'alice' });
      const a = await authz.createSession(user.id, policy);
      const b = await authz.createSession(user.id, policy);
      assert.notEqual(a.token, b.token);
      assert.equal(Buffer.from(a.token, 'base64url').length, 32);
      assert.notEqual(a.csrfToken, a.token);
      const rows = await kit.db.selectFrom('authz_session').select('token_hash').execute();
      assert.ok(rows.some((r) => r.token_hash === createHash('sha256').update(a.token).digest('hex')));
      assert.ok(!JSON.stringify(rows).includes(a.token));
      const valid = await authz.validateSession(a.token, policy);
      assert.equal(valid?.userId, user.id);
      assert.equal(valid?.csrfToken, a.csrfToken);
    });

    test('idle and absolute expiry; expired sessions are deleted when met', async () => {
      const { authz, clock } = kit;
      const user = await authz.createUser({ username: 'bob' });
      const s = await authz.createSession(user.id, policy);
      clock.now += 9 * 60_000;
      assert.ok(await authz.validateSession(s.token, policy));
      clock.now += 9 * 60_000;
      assert.ok(await authz.validateSession(s.token, policy), 'the last use restarted the idle limit');
      clock.now += 10 * 60_000;
      assert.equal(await authz.validateSession(s.token, policy), null);
      clock.now -= 10 * 60_000;
      assert.equal(await authz.validateSession(s.token, policy), null, 'deleted, not just refused');

      const busy = await authz.createSession(user.id, policy);
      for (let i = 0; i < 6; i++) {
        clock.now += 9 * 60_000;
        assert.ok(await authz.validateSession(busy.token, policy));
      }
      clock.now += 6 * 60_000;
      assert.equal(
        await authz.validateSession(busy.token, policy),
        null,
        'an hour after sign-in, however busy',
      );
    });

    test('ending sessions: one, all of a user, all but one; inactive users have none', async () => {
      const { authz } = kit;
      const user = await authz.createUser({ username: 'carol' });
      const [a, b, c] = [
        await authz.createSession(user.id, policy),
        await authz.createSession(user.id, policy),
        await authz.createSession(user.id, policy),
      ];
      await authz.endSession(a.token);
      assert.equal(await authz.validateSession(a.token, policy), null);
      assert.equal(await authz.endUserSessions(user.id, { except: b.sessionId }), 1);
      assert.ok(await authz.validateSession(b.token, policy));
      assert.equal(await authz.validateSession(c.token, policy), null);
      await authz.updateUser(user.id, { isActive: false });
      assert.equal(await authz.validateSession(b.token, policy), null);
      for (const junk of ['', 'x', 'a'.repeat(44), '../../etc/passwd', "' or 1=1 --"])
        assert.equal(await authz.validateSession(junk, policy), null, junk);
    });

    test('signIn: one verification per attempt, a new session on success', async () => {
      const { authz, hasher } = kit;
      await authz.createUser({ username: 'dave', password: 'dave-password' });
      const policies = {
        session: policy,
        throttle: { ...DEFAULT_THROTTLE_POLICY, windowMs: 60_000, maxPerPair: 10 },
      };
      await authz.signIn({ username: 'warm-up', password: 'x', clientAddress: null }, policies);
      for (const [username, password, ok] of [
        ['dave', 'dave-password', true],
        ['dave', 'nope', false],
        ['nobody', 'nope', false],
      ] as const) {
        const verifies = hasher.verifies;
        const result = await authz.signIn({ username, password, clientAddress: '10.0.0.1' }, policies);
        assert.equal(result.ok, ok);
        assert.equal(hasher.verifies - verifies, 1);
        if (result.ok) assert.ok(await authz.validateSession(result.session.token, policy));
      }
    });

    test('API tokens: hashed, expiring, at most 50 per user, dead with an inactive owner', async () => {
      const { authz, clock } = kit;
      const user = await authz.createUser({ username: 'erin' });
      const soon = await authz.createApiToken(user.id, {
        name: 'soon',
        expiresAt: new Date(clock.now + 1000),
      });
      assert.equal((await authz.validateApiToken(soon.token))?.userId, user.id);
      clock.now += 1000;
      assert.equal(await authz.validateApiToken(soon.token), null);
      for (let i = 1; i < 50; i++) await authz.createApiToken(user.id, { name: `t${i}`, expiresAt: null });
      await assert.rejects(authz.createApiToken(user.id, { name: 'one too many', expiresAt: null }), {
        code: 'CONFLICT',
      });
      const [newest] = await authz.listApiTokens(user.id);
      assert.equal(await authz.revokeApiToken(user.id + 1, newest!.id), false, "not another user's");
      assert.equal(await authz.revokeApiToken(user.id, newest!.id), true);
      const live = await authz.createApiToken(user.id, { name: 'live', expiresAt: null });
      await authz.updateUser(user.id, { isActive: false });
      assert.equal(await authz.validateApiToken(live.token), null);
      await authz.updateUser(user.id, { isActive: true });
      assert.equal(await authz.validateApiToken(live.token), null, 'deactivation ended it for good');
      assert.deepEqual(await authz.listApiTokens(user.id), []);
    });

    test('a password set ends sessions and tokens; the owner may keep tokens, or one session', async () => {
      const { authz } = kit;
      const user = await authz.createUser({ username: 'frank', password: 'frank-password' });
      const [a, b] = [await authz.createSession(user.id, policy), await authz.createSession(user.id, policy)];
      const token = await authz.createApiToken(user.id, { name: 'script', expiresAt: null });
      assert.deepEqual(
        await authz.setPassword(user.id, 'a-brand-new-secret', {
          keepApiTokens: true,
          exceptSessionId: a.sessionId,
        }),
        { sessions: 1, apiTokens: 0 },
      );
      assert.ok(await authz.validateSession(a.token, policy));
      assert.equal(await authz.validateSession(b.token, policy), null);
      assert.equal((await authz.validateApiToken(token.token))?.userId, user.id);
      assert.deepEqual(await authz.setPassword(user.id, 'another-new-secret'), { sessions: 1, apiTokens: 1 });
      assert.equal(await authz.validateApiToken(token.token), null);
    });

    test('own sessions: listed with device and address, one or all others ended, audited with what ended', async () => {
      const { authz, clock } = kit;
      const user = await authz.createUser({ username: 'gina' });
      const other = await authz.createUser({ username: 'hank' });
      const phone = await authz.createSession(user.id, policy, {
        address: '10.0.0.7',
        userAgent: 'Phone/1.0',
      });
      clock.now += 120_000;
      const laptop = await authz.createSession(user.id, policy, {
        address: '10.0.0.8',
        userAgent: 'Laptop/2.0',
      });
      const desk = await authz.createSession(user.id, policy);
      const theirs = await authz.createSession(other.id, policy);
      const listed = await authz.listUserSessions(user.id, policy);
      assert.deepEqual(
        listed.map((s) => [s.id, s.userAgent, s.clientAddress]),
        [
          [desk.sessionId, null, null],
          [laptop.sessionId, 'Laptop/2.0', '10.0.0.8'],
          [phone.sessionId, 'Phone/1.0', '10.0.0.7'],
        ],
      );
      assert.equal(listed[2]!.createdAt.getTime(), clock.now - 120_000);
      assert.equal(
        await authz.endOwnSessions(user.id, { sessionId: theirs.sessionId }),
        0,
        "not another user's",
      );
      assert.ok(await authz.validateSession(theirs.token, policy));
      assert.equal(await authz.endOwnSessions(user.id, { sessionId: phone.sessionId }, '10.0.0.8'), 1);
      assert.equal(await authz.endOwnSessions(user.id, { except: laptop.sessionId }), 1);
      assert.deepEqual(
        (await authz.listUserSessions(user.id, policy)).map((s) => s.id),
        [laptop.sessionId],
      );
      const { entries } = await authz.findAuditEntries({
        action: 'session.end',
        targetId: user.id,
        limit: 10,
      });
      assert.equal(entries.length, 2);
      assert.deepEqual(entries[1]!.before, [
        {
          id: phone.sessionId,
          createdAt: new Date(clock.now - 120_000).toISOString(),
          clientAddress: '10.0.0.7',
          userAgent: 'Phone/1.0',
        },
      ]);
      assert.equal(entries[1]!.clientAddress, '10.0.0.8');
    });

    test('token creation and revocation are audited; the revocation keeps what was revoked', async () => {
      const { authz } = kit;
      const user = await authz.createUser({ username: 'ivy' });
      const { apiToken } = await authz.createApiToken(user.id, { name: 'ci', expiresAt: null }, '10.1.1.1');
      assert.equal(await authz.revokeApiToken(user.id, apiToken.id), true);
      const { entries } = await authz.findAuditEntries({ targetId: user.id, limit: 10 });
      assert.deepEqual(
        entries.map((e) => e.action),
        ['token.revoke', 'token.create'],
      );
      const snapshot = {
        id: apiToken.id,
        name: 'ci',
        createdAt: apiToken.createdAt.toISOString(),
        expiresAt: null,
        scope: null, // unscoped: the user's own rights (issue 22)
      };
      assert.deepEqual(entries[0]!.before, snapshot);
      assert.deepEqual(entries[1]!.after, snapshot);
      assert.equal(entries[1]!.clientAddress, '10.1.1.1');
      assert.ok(!JSON.stringify(entries).includes('token_hash'));
    });
  });
}
