import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { DIALECTS } from '../../../../test-support/databases.ts';
import { makeUser, signIn, testServer, type TestServer } from './support/server.ts';

const HOUR = 3_600_000;

for (const dialect of DIALECTS) {
  describe(`API tokens (${dialect})`, () => {
    let s: TestServer;
    before(async () => {
      s = await testServer(dialect);
      await makeUser(s.authz, 'alice', { staff: true, perms: ['auth.view_user'] });
      await makeUser(s.authz, 'bob');
    });
    after(() => s.close());
    const bearer = (
      token: string,
      url = '/api/auth/me',
      method: 'GET' | 'POST' | 'DELETE' = 'GET',
      payload?: object,
    ) =>
      s.app.inject({
        method,
        url,
        headers: { authorization: `Bearer ${token}` },
        ...(payload ? { payload } : {}),
      });

    test('created and shown once, listed without secret, stored hashed', async () => {
      const alice = await signIn(s.app, 'alice', 'alice-password');
      const created = await alice.request({
        method: 'POST',
        url: '/api/auth/tokens',
        payload: { name: 'nightly import' },
      });
      assert.equal(created.statusCode, 201);
      const body = created.json<{ id: number; token: string; name: string; expiresAt: null }>();
      assert.match(body.token, /^[A-Za-z0-9_-]{43}$/);
      assert.equal(body.expiresAt, null);
      const listed = await alice.request({ method: 'GET', url: '/api/auth/tokens' });
      const items = listed.json<Record<string, unknown>[]>();
      assert.ok(items.some((t) => t.id === body.id && t.name === 'nightly import'));
      assert.ok(!listed.body.includes(body.token), 'the secret is never listed');
      const row = await s.db
        .selectFrom('authz_api_token')
        .selectAll()
        .where('id', '=', body.id)
        .executeTakeFirstOrThrow();
      assert.equal(row.token_hash, createHash('sha256').update(body.token).digest('hex'));
      assert.ok(!JSON.stringify(row).includes(body.token));
    });

    test("Bearer works on API routes with the owner's permissions, and no CSRF token", async () => {
      const alice = (await s.authz.findUserByUsername('alice'))!;
      const bob = (await s.authz.findUserByUsername('bob'))!;
      const a = await s.authz.createApiToken(alice.id, { name: 'a', expiresAt: null });
      const b = await s.authz.createApiToken(bob.id, { name: 'b', expiresAt: null });
      const me = await bearer(a.token);
      assert.equal(me.statusCode, 200);
      assert.equal(me.json<{ csrfToken: unknown }>().csrfToken, null);
      assert.equal((await bearer(a.token, '/api/admin/users')).statusCode, 200, 'staff with view_user');
      assert.equal((await bearer(b.token, '/api/admin/users')).statusCode, 403, 'not staff');
      assert.equal((await bearer(a.token, '/api/auth/tokens', 'POST', { name: 'more' })).statusCode, 201);
    });

    test('revoked, expired, unknown or malformed tokens are 401 with WWW-Authenticate', async () => {
      const bob = (await s.authz.findUserByUsername('bob'))!;
      const browser = await signIn(s.app, 'bob', 'bob-password');
      const { token, apiToken } = await s.authz.createApiToken(bob.id, {
        name: 'soon',
        expiresAt: new Date(s.clock.now + HOUR),
      });
      assert.equal((await bearer(token)).statusCode, 200);
      s.clock.tick(HOUR);
      const expired = await bearer(token);
      assert.equal(expired.statusCode, 401);
      assert.match(expired.headers['www-authenticate'] as string, /Bearer error="invalid_token"/);
      const revoke = await browser.request({ method: 'DELETE', url: `/api/auth/tokens/${apiToken.id}` });
      assert.equal(revoke.statusCode, 204);
      assert.equal(
        (await browser.request({ method: 'DELETE', url: `/api/auth/tokens/${apiToken.id}` })).statusCode,
        404,
      );
      const live = await s.authz.createApiToken(bob.id, { name: 'live', expiresAt: null });
      await browser.request({ method: 'DELETE', url: `/api/auth/tokens/${live.apiToken.id}` });
      assert.equal((await bearer(live.token)).statusCode, 401, 'revoked');
      for (const header of [
        'Bearer',
        'Bearer ',
        'Basic YWxpY2U6eA==',
        `Bearer ${'x'.repeat(43)}`,
        'Bearer a b',
      ])
        assert.equal(
          (await s.app.inject({ method: 'GET', url: '/api/auth/me', headers: { authorization: header } }))
            .statusCode,
          401,
          header,
        );
    });

    test("another user's token cannot be revoked or even seen (404)", async () => {
      const alice = (await s.authz.findUserByUsername('alice'))!;
      const { apiToken } = await s.authz.createApiToken(alice.id, { name: 'mine', expiresAt: null });
      const bob = await signIn(s.app, 'bob', 'bob-password');
      assert.equal(
        (await bob.request({ method: 'DELETE', url: `/api/auth/tokens/${apiToken.id}` })).statusCode,
        404,
      );
      const list = (await bob.request({ method: 'GET', url: '/api/auth/tokens' })).json<{ id: number }[]>();
      assert.ok(!list.some((t) => t.id === apiToken.id));
      assert.ok(
        await s.db
          .selectFrom('authz_api_token')
          .select('id')
          .where('id', '=', apiToken.id)
          .executeTakeFirst(),
      );
    });

    test('a token made with a token cannot outlive it', async () => {
      const bob = (await s.authz.findUserByUsername('bob'))!;
      const parentExpiry = s.clock.now + 2 * HOUR;
      const { token } = await s.authz.createApiToken(bob.id, {
        name: 'parent',
        expiresAt: new Date(parentExpiry),
      });
      const later = new Date(parentExpiry + HOUR).toISOString();
      const refused = await bearer(token, '/api/auth/tokens', 'POST', { name: 'child', expiresAt: later });
      assert.equal(refused.statusCode, 400);
      assert.equal(refused.json<{ field: string }>().field, 'expiresAt');
      const child = await bearer(token, '/api/auth/tokens', 'POST', { name: 'child' });
      assert.equal(child.statusCode, 201);
      assert.equal(child.json<{ expiresAt: string }>().expiresAt, new Date(parentExpiry).toISOString());
    });

    test('bad input is 400 naming the field', async () => {
      const bob = await signIn(s.app, 'bob', 'bob-password');
      const cases: [object, string][] = [
        [{}, 'name'],
        [{ name: '' }, 'name'],
        [{ name: 'x'.repeat(101) }, 'name'],
        [{ name: 7 }, 'name'],
        [{ name: 'x', expiresAt: 'tomorrow' }, 'expiresAt'],
        [{ name: 'x', expiresAt: new Date(s.clock.now - 1000).toISOString() }, 'expiresAt'],
        [{ name: 'x', owner: 1 }, 'owner'],
      ];
      for (const [payload, field] of cases) {
        const response = await bob.request({ method: 'POST', url: '/api/auth/tokens', payload });
        assert.equal(response.statusCode, 400, JSON.stringify(payload));
        assert.equal(response.json<{ field: string }>().field, field, JSON.stringify(payload));
      }
      for (const id of ['0', 'abc', '-1', '1.5', '99999999999'])
        assert.equal(
          (await bob.request({ method: 'DELETE', url: `/api/auth/tokens/${id}` })).statusCode,
          400,
          id,
        );
    });
  });
}
