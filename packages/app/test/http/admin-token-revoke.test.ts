/**
 * Staff revoke another account's API token (issue 22 part 3): whoever may change that account
 * under SPEC §4 — `auth.change_user` on an account holding nothing they lack — revokes it, through
 * the API and the admin user page (a Revoke button only where allowed); others are refused (403),
 * a token of another account is 404; both the kit's entry and the staff member's are audited.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DIALECTS } from '../../../../test-support/databases.ts';
import { makeUser, signIn, testServer, type TestServer } from './support/server.ts';

for (const dialect of DIALECTS)
  describe(`staff revoke API tokens (${dialect})`, () => {
    let s: TestServer;
    const ids = { manager: 0, clerk: 0, carol: 0, root: 0 };
    before(async () => {
      s = await testServer(dialect);
      ids.manager = (
        await makeUser(s.authz, 'manager', { staff: true, perms: ['auth.view_user', 'auth.change_user'] })
      ).id;
      ids.clerk = (await makeUser(s.authz, 'clerk', { staff: true, perms: ['auth.view_user'] })).id;
      ids.carol = (await makeUser(s.authz, 'carol')).id;
      ids.root = (await makeUser(s.authz, 'root', { staff: true, superuser: true })).id;
    });
    after(() => s.close());

    const tokenOf = async (userId: number, name: string) =>
      (await s.authz.createApiToken(userId, { name, expiresAt: null })).apiToken.id;
    const names = async (userId: number) => (await s.authz.listApiTokens(userId)).map((t) => t.name);

    test('through the API: allowed to who may change the account, refused otherwise', async () => {
      const harvester = await tokenOf(ids.carol, 'cycler PC 3');
      const rootToken = await tokenOf(ids.root, 'root script');
      const manager = await signIn(s.app, 'manager', 'manager-password');
      const clerk = await signIn(s.app, 'clerk', 'clerk-password');
      const del = (who: typeof manager, user: number, token: number) =>
        who.request({ method: 'DELETE', url: `/api/admin/users/${user}/tokens/${token}` });

      assert.equal((await del(clerk, ids.carol, harvester)).statusCode, 403, 'no auth.change_user');
      assert.equal((await del(manager, ids.root, rootToken)).statusCode, 403, 'a superuser holds more');
      assert.equal((await del(manager, ids.carol, rootToken)).statusCode, 404, 'not carol’s token');
      assert.deepEqual(await names(ids.carol), ['cycler PC 3']);
      assert.equal((await del(manager, ids.carol, harvester)).statusCode, 204);
      assert.deepEqual(await names(ids.carol), []);
      assert.deepEqual(await names(ids.root), ['root script']);
      const audit = await s.db
        .selectFrom('authz_audit_log')
        .select(['action', 'actor_id'])
        .where('action', 'like', 'token.revoke%')
        .orderBy('id')
        .execute();
      assert.deepEqual(
        audit.map((a) => [a.action, Number(a.actor_id)]),
        [
          ['token.revoke', ids.carol],
          ['token.revoke-by-staff', ids.manager],
        ],
      );
    });

    test('on the admin user page: a Revoke button where allowed, and it revokes', async () => {
      await tokenOf(ids.carol, 'lab laptop');
      const manager = await signIn(s.app, 'manager', 'manager-password');
      const page = await manager.request({ method: 'GET', url: `/admin/users/${ids.carol}` });
      assert.equal(page.statusCode, 200);
      const action = /action="(\/admin\/users\/\d+\/tokens\/\d+\/revoke)"/.exec(page.body)?.[1];
      assert.ok(action, 'a Revoke form for the token');
      assert.match(page.body, /aria-label="Revoke the token lab laptop"/);
      const rootPage = await manager.request({ method: 'GET', url: `/admin/users/${ids.root}` });
      assert.match(rootPage.body, /root script/);
      assert.doesNotMatch(rootPage.body, /Revoke the token/, 'no button where the server would refuse');

      const posted = await manager.request({
        method: 'POST',
        url: action,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: `_csrf=${encodeURIComponent(manager.csrf!)}`,
      });
      assert.equal(posted.statusCode, 303, posted.body);
      assert.deepEqual(await names(ids.carol), []);
    });
  });
