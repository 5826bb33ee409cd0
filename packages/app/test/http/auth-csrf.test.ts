import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DIALECTS } from '../../../../test-support/databases.ts';
import { makeUser, signIn, testServer, type TestServer } from './support/server.ts';

for (const dialect of DIALECTS) {
  describe(`CSRF protection (${dialect})`, () => {
    let s: TestServer;
    before(async () => {
      s = await testServer(dialect);
      await makeUser(s.authz, 'alice');
      await makeUser(s.authz, 'bob');
    });
    after(() => s.close());

    const tokenCount = async () => (await s.db.selectFrom('authz_api_token').select('id').execute()).length;
    const create = (cookie: string | null, headers: Record<string, string> = {}) =>
      s.app.inject({
        method: 'POST',
        url: '/api/auth/tokens',
        headers: { ...(cookie ? { cookie: `batterydb_session=${cookie}` } : {}), ...headers },
        payload: { name: 'x' },
      });

    test('a cookie-authenticated unsafe request without the token is 403 and changes nothing', async () => {
      const alice = await signIn(s.app, 'alice', 'alice-password');
      const before = await tokenCount();
      const missing = await create(alice.cookie);
      assert.equal(missing.statusCode, 403);
      assert.equal(missing.json<{ code: string }>().code, 'CSRF_FAILED');
      const wrong = await create(alice.cookie, { 'x-csrf-token': 'A'.repeat(43) });
      assert.equal(wrong.statusCode, 403);
      const bob = await signIn(s.app, 'bob', 'bob-password');
      const someoneElses = await create(alice.cookie, { 'x-csrf-token': bob.csrf! });
      assert.equal(someoneElses.statusCode, 403, "another session's token does not fit");
      assert.equal(await tokenCount(), before);
      assert.equal((await create(alice.cookie, { 'x-csrf-token': alice.csrf! })).statusCode, 201);
    });

    test('safe requests need no token; sign-out does', async () => {
      const alice = await signIn(s.app, 'alice', 'alice-password');
      const read = await s.app.inject({
        method: 'GET',
        url: '/api/auth/me',
        headers: { cookie: `batterydb_session=${alice.cookie}` },
      });
      assert.equal(read.statusCode, 200);
      const forcedLogout = await s.app.inject({
        method: 'POST',
        url: '/api/auth/logout',
        headers: { cookie: `batterydb_session=${alice.cookie}` },
      });
      assert.equal(forcedLogout.statusCode, 403, 'a cross-site page cannot sign the user out');
      assert.equal((await alice.request({ method: 'GET', url: '/api/auth/me' })).statusCode, 200);
    });

    test('Bearer-token requests need no CSRF token', async () => {
      const alice = (await s.authz.findUserByUsername('alice'))!;
      const { token } = await s.authz.createApiToken(alice.id, { name: 'script', expiresAt: null });
      assert.equal((await create(null, { authorization: `Bearer ${token}` })).statusCode, 201);
    });

    test('browsers that say a request is cross-site are refused, sign-in included', async () => {
      const login = await s.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        headers: { 'sec-fetch-site': 'cross-site' },
        payload: { username: 'alice', password: 'alice-password' },
      });
      assert.equal(login.statusCode, 403);
      assert.equal(login.cookies.length, 0);
      const sameOrigin = await s.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        headers: { 'sec-fetch-site': 'same-origin' },
        payload: { username: 'alice', password: 'alice-password' },
      });
      assert.equal(sameOrigin.statusCode, 200);
    });

    test('an HTML form cannot sign in: only JSON objects are read', async () => {
      const form = await s.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: 'username=alice&password=alice-password',
      });
      assert.equal(form.statusCode, 415);
      const text = await s.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        headers: { 'content-type': 'text/plain' },
        payload: '{"username":"alice","password":"alice-password"}',
      });
      // Fastify reads text/plain as a string, which is not the object the route expects.
      assert.equal(text.statusCode, 400);
      assert.equal(text.json<{ field: string }>().field, 'body');
      assert.equal(text.cookies.length, 0);
    });
  });
}
