import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { DIALECTS } from '../../../../test-support/databases.ts';
import { cookieOf, makeUser, signIn, testServer, type TestServer } from './support/server.ts';

const MINUTE = 60_000;
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

for (const dialect of DIALECTS) {
  describe(`sign-in and sessions (${dialect})`, () => {
    let s: TestServer;
    before(async () => {
      s = await testServer(dialect, { session: { idleMs: 30 * MINUTE, absoluteMs: 120 * MINUTE } });
      await makeUser(s.authz, 'root', { staff: true, superuser: true });
    });
    after(() => s.close());
    const me = (cookie: string | null) =>
      s.app.inject({
        method: 'GET',
        url: '/api/auth/me',
        headers: cookie ? { cookie: `batterydb_session=${cookie}` } : {},
      });

    test('sign-in answers the user and a CSRF token, and sets an HttpOnly SameSite=Lax cookie', async () => {
      await makeUser(s.authz, 'alice');
      const response = await s.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: 'ALICE', password: 'alice-password' },
      });
      assert.equal(response.statusCode, 200);
      const body = response.json<{ user: Record<string, unknown>; csrfToken: string }>();
      assert.equal(body.user.username, 'alice');
      assert.ok(!JSON.stringify(body).includes('plain$'), 'no password hash in the answer');
      const cookie = response.cookies.find((c) => c.name === 'batterydb_session')!;
      assert.equal(cookie.httpOnly, true);
      assert.equal(cookie.sameSite, 'Lax');
      assert.equal(cookie.path, '/');
      assert.equal(cookie.secure, undefined);
      assert.match(cookie.value, /^[A-Za-z0-9_-]{43}$/, '256 random bits');
      // Only the token's hash is stored.
      const rows = await s.db.selectFrom('authz_session').selectAll().execute();
      assert.ok(rows.some((r) => r.token_hash === sha256(cookie.value)));
      assert.ok(!JSON.stringify(rows).includes(cookie.value));

      const answer = await me(cookie.value);
      assert.equal(answer.statusCode, 200);
      const mine = answer.json<{
        user: { username: string };
        permissions: string[];
        groups: unknown[];
        csrfToken: string;
      }>();
      assert.equal(mine.user.username, 'alice');
      assert.deepEqual(mine.permissions, []);
      assert.deepEqual(mine.groups, []);
      assert.equal(mine.csrfToken, body.csrfToken);
    });

    test('me lists groups and every permission held; 401 problem when not signed in', async () => {
      const bob = await makeUser(s.authz, 'bob', { perms: ['batterydb.view_experiment'] });
      const group = (await s.authz.findGroupByName('Contributor'))!;
      await s.authz.addMember(group.id, bob.id);
      const browser = await signIn(s.app, 'bob', 'bob-password');
      const answer = (await browser.request({ method: 'GET', url: '/api/auth/me' })).json<{
        groups: { name: string }[];
        permissions: string[];
      }>();
      assert.deepEqual(
        answer.groups.map((g) => g.name),
        ['Contributor'],
      );
      assert.deepEqual(answer.permissions, ['batterydb.add_experiment', 'batterydb.view_experiment']);
      const anonymous = await me(null);
      assert.equal(anonymous.statusCode, 401);
      assert.match(anonymous.headers['content-type'] as string, /^application\/problem\+json/);
      assert.equal(anonymous.json<{ code: string }>().code, 'UNAUTHENTICATED');
      assert.equal((await me('not-a-real-token-but-shaped-like-one-aaaaaaaa')).statusCode, 401);
    });

    test('a new token at every sign-in; the one the browser brought is ended (fixation)', async () => {
      await makeUser(s.authz, 'carol');
      const first = await signIn(s.app, 'carol', 'carol-password');
      const again = await first.request({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: 'carol', password: 'carol-password' },
      });
      assert.equal(again.statusCode, 200);
      const second = cookieOf(again)!;
      assert.notEqual(second, first.cookie);
      assert.equal((await me(first.cookie)).statusCode, 401, 'the old session is dead');
      assert.equal((await me(second)).statusCode, 200);
      // A cookie planted by an attacker before sign-in is never adopted.
      const planted = 'A'.repeat(43);
      const login = await s.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        headers: { cookie: `batterydb_session=${planted}` },
        payload: { username: 'carol', password: 'carol-password' },
      });
      assert.notEqual(cookieOf(login), planted);
      assert.equal((await me(planted)).statusCode, 401);
    });

    test('logout ends the session (204) and clears the cookie', async () => {
      await makeUser(s.authz, 'dave');
      const browser = await signIn(s.app, 'dave', 'dave-password');
      const out = await browser.request({ method: 'POST', url: '/api/auth/logout' });
      assert.equal(out.statusCode, 204);
      assert.equal(cookieOf(out), null, 'cookie cleared');
      assert.equal((await me(browser.cookie)).statusCode, 401);
      // Signing out again is harmless.
      assert.equal((await s.app.inject({ method: 'POST', url: '/api/auth/logout' })).statusCode, 204);
    });

    test('idle expiry and absolute expiry', async () => {
      await makeUser(s.authz, 'erin');
      const idle = await signIn(s.app, 'erin', 'erin-password');
      s.clock.tick(29 * MINUTE);
      assert.equal((await me(idle.cookie)).statusCode, 200, 'used within the idle limit');
      s.clock.tick(29 * MINUTE);
      assert.equal((await me(idle.cookie)).statusCode, 200, 'each use restarts the idle limit');
      s.clock.tick(31 * MINUTE);
      assert.equal((await me(idle.cookie)).statusCode, 401, 'idle too long');

      const busy = await signIn(s.app, 'erin', 'erin-password');
      for (let used = 0; used <= 119; used += 17) {
        assert.equal((await me(busy.cookie)).statusCode, 200);
        s.clock.tick(17 * MINUTE);
      }
      assert.equal((await me(busy.cookie)).statusCode, 401, 'past the absolute limit, however busy');
    });

    test('a password change ends every session of the user; this browser gets a new one', async () => {
      const frank = await makeUser(s.authz, 'frank');
      const here = await signIn(s.app, 'frank', 'frank-password');
      const elsewhere = await signIn(s.app, 'frank', 'frank-password');
      const { token } = await s.authz.createApiToken(frank.id, { name: 'script', expiresAt: null });
      const before = s.hasher.hashes;
      const short = await here.request({
        method: 'POST',
        url: '/api/auth/password',
        payload: { currentPassword: 'frank-password', newPassword: 'short' },
      });
      assert.equal(short.statusCode, 400);
      assert.equal(short.json<{ field: string }>().field, 'newPassword');
      assert.equal(s.hasher.hashes, before, 'refused before any hashing');
      const wrong = await here.request({
        method: 'POST',
        url: '/api/auth/password',
        payload: { currentPassword: 'not-it-at-all', newPassword: 'frank-new-password' },
      });
      assert.equal(wrong.statusCode, 400);
      assert.equal(wrong.json<{ field: string }>().field, 'currentPassword');
      assert.equal((await me(elsewhere.cookie)).statusCode, 200, 'a wrong current password changes nothing');

      const changed = await here.request({
        method: 'POST',
        url: '/api/auth/password',
        payload: { currentPassword: 'frank-password', newPassword: 'frank-new-password' },
      });
      assert.equal(changed.statusCode, 200);
      const renewed = cookieOf(changed)!;
      assert.ok(renewed && renewed !== here.cookie);
      assert.notEqual(changed.json<{ csrfToken: string }>().csrfToken, here.csrf);
      assert.equal((await me(here.cookie)).statusCode, 401, 'this browser’s old session ended');
      assert.equal((await me(elsewhere.cookie)).statusCode, 401, 'other sessions ended');
      assert.equal((await me(renewed)).statusCode, 200);
      const scripted = await s.app.inject({
        method: 'GET',
        url: '/api/auth/me',
        headers: { authorization: `Bearer ${token}` },
      });
      assert.equal(scripted.statusCode, 401, 'API tokens end with the old password (SPEC §5)');
      await assert.rejects(signIn(s.app, 'frank', 'frank-password'));
      await signIn(s.app, 'frank', 'frank-new-password');
      const audit = await s.authz.findAuditEntries({ actorId: frank.id, action: 'user.password', limit: 5 });
      assert.equal(audit.entries.length, 1);
    });

    test('deactivation ends every session and stops the API tokens', async () => {
      const gina = await makeUser(s.authz, 'gina');
      const browser = await signIn(s.app, 'gina', 'gina-password');
      const { token } = await s.authz.createApiToken(gina.id, { name: 'script', expiresAt: null });
      const root = await signIn(s.app, 'root', 'root-password');
      const off = await root.request({ method: 'POST', url: `/api/admin/users/${gina.id}/deactivate` });
      assert.equal(off.statusCode, 200);
      assert.equal(off.json<{ isActive: boolean }>().isActive, false);
      assert.equal((await me(browser.cookie)).statusCode, 401);
      const count = await s.db
        .selectFrom('authz_session')
        .select('id')
        .where('user_id', '=', gina.id)
        .execute();
      assert.equal(count.length, 0, 'the sessions are deleted, not just refused');
      const scripted = await s.app.inject({
        method: 'GET',
        url: '/api/auth/me',
        headers: { authorization: `Bearer ${token}` },
      });
      assert.equal(scripted.statusCode, 401);
      await assert.rejects(signIn(s.app, 'gina', 'gina-password'));
    });
  });

  describe(`secure cookies behind HTTPS (${dialect})`, () => {
    let s: TestServer;
    before(async () => {
      s = await testServer(dialect, { secureCookies: true });
      await makeUser(s.authz, 'hal');
    });
    after(() => s.close());

    test('the cookie is __Host- prefixed and Secure; HSTS is sent', async () => {
      const response = await s.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: 'hal', password: 'hal-password' },
      });
      assert.equal(response.statusCode, 200);
      const cookie = response.cookies.find((c) => c.name === '__Host-batterydb_session')!;
      assert.equal(cookie.secure, true);
      assert.equal(cookie.path, '/');
      assert.equal(cookie.domain, undefined);
      assert.match(response.headers['strict-transport-security'] as string, /max-age=\d+/);
      const withPrefix = await s.app.inject({
        method: 'GET',
        url: '/api/auth/me',
        headers: { cookie: `__Host-batterydb_session=${cookie.value}` },
      });
      assert.equal(withPrefix.statusCode, 200);
      const withoutPrefix = await s.app.inject({
        method: 'GET',
        url: '/api/auth/me',
        headers: { cookie: `batterydb_session=${cookie.value}` },
      });
      assert.equal(withoutPrefix.statusCode, 401);
    });
  });
}
