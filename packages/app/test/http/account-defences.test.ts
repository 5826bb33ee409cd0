/**
 * Issue 9 over HTTP: weak passwords refused everywhere a password is set, own sessions listed
 * and ended, API tokens dying at password change and deactivation, confusable names refused.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DIALECTS } from '../../../../test-support/databases.ts';
import { type Browser, makeUser, signIn, testServer, type TestServer } from './support/server.ts';

type Problem = { status: number; code: string; field?: string; detail: string };
const problem = (r: { json<T>(): T }) => r.json<Problem>();

for (const dialect of DIALECTS) {
  describe(`account defences over HTTP (${dialect})`, () => {
    let s: TestServer;
    let root: Browser;
    before(async () => {
      s = await testServer(dialect);
      await makeUser(s.authz, 'root', { staff: true, superuser: true });
      for (const name of ['alice', 'bob', 'carol']) await makeUser(s.authz, name);
      root = await signIn(s.app, 'root', 'root-password');
    });
    after(() => s.close());

    test('weak passwords are refused at password change, admin create and admin set; the error names the rule', async () => {
      const alice = await signIn(s.app, 'alice', 'alice-password');
      const change = (newPassword: string) =>
        alice.request({
          method: 'POST',
          url: '/api/auth/password',
          payload: { currentPassword: 'alice-password', newPassword },
        });
      for (const [password, rule] of [
        ['12345678', /commonly breached/],
        ['password', /commonly breached/],
        ['Password123', /commonly breached/],
        ['alice2026', /too similar to the username/],
        ['short', /8 characters/],
        ['x'.repeat(129), /128 characters/],
      ] as const) {
        const response = await change(password);
        assert.equal(response.statusCode, 400, password);
        assert.equal(problem(response).field, 'newPassword', password);
        assert.match(problem(response).detail, rule, password);
      }
      const alicesId = (await s.authz.findUserByUsername('alice'))!.id;
      for (const [request, field] of [
        [
          { method: 'POST', url: '/api/admin/users', payload: { username: 'newbie', password: 'password' } },
          'password',
        ],
        [
          { method: 'POST', url: '/api/admin/users', payload: { username: 'newbie', password: 'newbie-1' } },
          'password',
        ],
        [
          { method: 'PUT', url: `/api/admin/users/${alicesId}/password`, payload: { password: 'qwerty123' } },
          'password',
        ],
        [
          {
            method: 'PUT',
            url: `/api/admin/users/${alicesId}/password`,
            payload: { password: 'x'.repeat(129) },
          },
          'password',
        ],
      ] as const) {
        const response = await root.request(request);
        assert.equal(response.statusCode, 400, JSON.stringify(request.payload));
        assert.equal(problem(response).field, field);
      }
      assert.equal(await s.authz.findUserByUsername('newbie'), null);
      assert.equal((await change('a much better passphrase')).statusCode, 200);
    });

    test('own sessions: listed with device, address, times and which is current; one or all others ended', async () => {
      const laptop = await signIn(s.app, 'bob', 'bob-password', {
        userAgent: 'Laptop/1.0',
        remoteAddress: '10.9.0.1',
      });
      s.clock.tick(120_000);
      const phone = await signIn(s.app, 'bob', 'bob-password', {
        userAgent: 'Phone/2.0',
        remoteAddress: '10.9.0.2',
      });
      const tablet = await signIn(s.app, 'bob', 'bob-password', {
        userAgent: 'Tablet/3.0',
        remoteAddress: '10.9.0.3',
      });
      const list = await laptop.request({ method: 'GET', url: '/api/auth/sessions' });
      assert.equal(list.statusCode, 200);
      const sessions = list.json<
        {
          id: number;
          userAgent: string;
          clientAddress: string;
          createdAt: string;
          lastSeenAt: string;
          current: boolean;
        }[]
      >();
      assert.deepEqual(sessions.map((x) => [x.userAgent, x.clientAddress, x.current]).sort(), [
        ['Laptop/1.0', '10.9.0.1', true],
        ['Phone/2.0', '10.9.0.2', false],
        ['Tablet/3.0', '10.9.0.3', false],
      ]);
      const phoneSession = sessions.find((x) => x.userAgent === 'Phone/2.0')!;
      assert.equal(phoneSession.createdAt, new Date(s.clock.now).toISOString());
      const carol = await signIn(s.app, 'carol', 'carol-password');
      assert.equal(
        (await carol.request({ method: 'DELETE', url: `/api/auth/sessions/${phoneSession.id}` })).statusCode,
        404,
        "another user's session is no session of yours",
      );
      assert.equal(
        (await laptop.request({ method: 'DELETE', url: `/api/auth/sessions/${phoneSession.id}` })).statusCode,
        204,
      );
      assert.equal((await phone.request({ method: 'GET', url: '/api/auth/me' })).statusCode, 401);
      assert.equal((await tablet.request({ method: 'GET', url: '/api/auth/me' })).statusCode, 200);
      const others = await laptop.request({ method: 'DELETE', url: '/api/auth/sessions' });
      assert.deepEqual(others.json(), { ended: 1 });
      assert.equal((await tablet.request({ method: 'GET', url: '/api/auth/me' })).statusCode, 401);
      assert.equal(
        (await laptop.request({ method: 'GET', url: '/api/auth/me' })).statusCode,
        200,
        'this one stays',
      );
      const mine = (await laptop.request({ method: 'GET', url: '/api/auth/sessions' })).json<
        { id: number }[]
      >();
      const signOut = await laptop.request({ method: 'DELETE', url: `/api/auth/sessions/${mine[0]!.id}` });
      assert.equal(signOut.statusCode, 204);
      assert.ok(
        signOut.cookies.some((c) => c.name === 'batterydb_session' && c.value === ''),
        'cookie cleared',
      );
      assert.equal((await laptop.request({ method: 'GET', url: '/api/auth/sessions' })).statusCode, 401);
      const audit = await s.authz.findAuditEntries({ action: 'session.end', limit: 10 });
      assert.equal(audit.entries.length, 3);
      assert.ok(audit.entries.every((e) => Array.isArray(e.before) && (e.before as unknown[]).length === 1));
    });

    test('API tokens end at password change unless kept, and for good at deactivation', async () => {
      const carol = await signIn(s.app, 'carol', 'carol-password');
      const token = async (name: string) =>
        (await carol.request({ method: 'POST', url: '/api/auth/tokens', payload: { name } })).json<{
          token: string;
        }>().token;
      const bearer = (t: string) =>
        s.app.inject({ method: 'GET', url: '/api/auth/me', headers: { authorization: `Bearer ${t}` } });
      const kept = await token('kept');
      const changed = await carol.request({
        method: 'POST',
        url: '/api/auth/password',
        payload: {
          currentPassword: 'carol-password',
          newPassword: 'carol has a new secret',
          keepApiTokens: true,
        },
      });
      assert.equal(changed.statusCode, 200, changed.body);
      assert.equal(changed.json<{ endedApiTokens: number }>().endedApiTokens, 0);
      assert.equal((await bearer(kept)).statusCode, 200, 'kept when asked');
      carol.csrf = changed.json<{ csrfToken: string }>().csrfToken;
      carol.cookie = changed.cookies.find((c) => c.name === 'batterydb_session')!.value;
      const changedAgain = await carol.request({
        method: 'POST',
        url: '/api/auth/password',
        payload: { currentPassword: 'carol has a new secret', newPassword: 'and yet another secret' },
      });
      assert.equal(changedAgain.json<{ endedApiTokens: number }>().endedApiTokens, 1);
      assert.equal((await bearer(kept)).statusCode, 401, 'a password change ends tokens by default');
      carol.csrf = changedAgain.json<{ csrfToken: string }>().csrfToken;
      carol.cookie = changedAgain.cookies.find((c) => c.name === 'batterydb_session')!.value;

      const before = await token('before deactivation');
      const carolsId = (await s.authz.findUserByUsername('carol'))!.id;
      const off = await root.request({ method: 'POST', url: `/api/admin/users/${carolsId}/deactivate` });
      assert.equal(off.json<{ isActive: boolean }>().isActive, false);
      const on = await root.request({ method: 'POST', url: `/api/admin/users/${carolsId}/reactivate` });
      assert.equal(on.statusCode, 200);
      assert.equal(on.json<{ isActive: boolean }>().isActive, true);
      assert.equal(
        (await bearer(before)).statusCode,
        401,
        'a token from before deactivation never works again',
      );
      assert.equal((await carol.request({ method: 'GET', url: '/api/auth/me' })).statusCode, 401);
      // PATCH isActive does the same as the two routes.
      const again = await signIn(s.app, 'carol', 'and yet another secret');
      const third = (
        await again.request({ method: 'POST', url: '/api/auth/tokens', payload: { name: 'third' } })
      ).json<{ token: string }>().token;
      await root.request({
        method: 'PATCH',
        url: `/api/admin/users/${carolsId}`,
        payload: { isActive: false },
      });
      await root.request({
        method: 'PATCH',
        url: `/api/admin/users/${carolsId}`,
        payload: { isActive: true },
      });
      assert.equal((await bearer(third)).statusCode, 401);
      const created = await s.authz.findAuditEntries({
        action: 'token.create',
        targetId: carolsId,
        limit: 10,
      });
      assert.equal(created.entries.length, 3);
    });

    test('confusable usernames and group names are refused; role names cannot be shadowed', async () => {
      const create = (username: string) =>
        root.request({
          method: 'POST',
          url: '/api/admin/users',
          payload: { username, password: 'a perfectly fine secret' },
        });
      const smallCapital = await create('ʀoot');
      assert.equal(smallCapital.statusCode, 400);
      assert.equal(problem(smallCapital).field, 'username');
      for (const name of ['r00t', 'ROOT', 'Ｒoot']) {
        const response = await create(name);
        assert.equal(response.statusCode, 409, name);
        assert.equal(problem(response).field, 'username');
      }
      for (const name of ['maintainer', 'Ｍaintainer', 'Маintainer', 'read only']) {
        const response = await root.request({ method: 'POST', url: '/api/admin/groups', payload: { name } });
        assert.ok([403, 409].includes(response.statusCode), `${name}: ${response.statusCode}`);
        assert.equal(problem(response).field, 'name');
      }
      const groups = await s.db.selectFrom('authz_group').select('name').execute();
      assert.deepEqual(groups.map((g) => g.name).sort(), ['Contributor', 'Maintainer', 'Read only']);
    });
  });
}
