import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DIALECTS } from '../../../../test-support/databases.ts';
import { registry } from '../../src/authz/registry.ts';
import { type Browser, makeUser, signIn, testServer, type TestServer } from './support/server.ts';

type Entry = {
  id: number;
  at: string;
  actorId: number;
  action: string;
  target: { type: string; id: number };
  clientAddress: string;
};

for (const dialect of DIALECTS) {
  describe(`admin API: permission catalogue and audit log (${dialect})`, () => {
    let s: TestServer;
    let root: Browser;
    let rootId: number;
    before(async () => {
      s = await testServer(dialect);
      rootId = (await makeUser(s.authz, 'root', { staff: true, superuser: true })).id;
      await makeUser(s.authz, 'catalogue', { staff: true, perms: ['auth.view_permission'] });
      root = await signIn(s.app, 'root', 'root-password');
    });
    after(() => s.close());

    test('the catalogue lists every registered permission (view_permission)', async () => {
      const reader = await signIn(s.app, 'catalogue', 'catalogue-password');
      const response = await reader.request({ method: 'GET', url: '/api/admin/permissions' });
      assert.equal(response.statusCode, 200);
      const items = response.json<{ permission: string; name: string }[]>();
      assert.deepEqual(
        items.map((p) => p.permission).sort(),
        registry.permissions.map((p) => `${p.app}.${p.codename}`).sort(),
      );
      assert.ok(items.some((p) => p.permission === 'batterydb.change_experiment_status'));
      assert.equal((await reader.request({ method: 'GET', url: '/api/admin/audit' })).statusCode, 403);
    });

    test('the audit log filters by actor, target, action and time, newest first, in pages', async () => {
      const t0 = s.clock.now;
      const alice = (
        await root.request({ method: 'POST', url: '/api/admin/users', payload: { username: 'alice' } })
      ).json<{ id: number }>();
      s.clock.tick(60_000);
      const group = (
        await root.request({ method: 'POST', url: '/api/admin/groups', payload: { name: 'Lab' } })
      ).json<{ id: number }>();
      s.clock.tick(60_000);
      await root.request({
        method: 'POST',
        url: `/api/admin/groups/${group.id}/members`,
        payload: { userId: alice.id },
      });
      await root.request({
        method: 'PATCH',
        url: `/api/admin/users/${alice.id}`,
        payload: { isStaff: true },
      });
      const get = async (query: string) => {
        const response = await root.request({ method: 'GET', url: `/api/admin/audit${query}` });
        assert.equal(response.statusCode, 200, `${query}: ${response.body}`);
        return response.json<{ items: Entry[]; nextCursor: string | null }>();
      };
      const all = await get('');
      const sync = ['role.sync', 'role.sync', 'role.sync'];
      assert.deepEqual(
        all.items.map((e) => e.action),
        ['user.update', 'user.groups', 'group.create', 'user.create', ...sync],
      );
      assert.ok(all.items.slice(0, 4).every((e) => e.actorId === rootId && e.clientAddress === '127.0.0.1'));
      assert.ok(
        all.items.slice(4).every((e) => e.actorId === null && e.target.type === 'auth.group'),
        'the roles created at the first start, by the system',
      );
      assert.deepEqual(
        (await get(`?actor=${rootId}&action=user.groups`)).items.map((e) => e.target),
        [{ type: 'auth.user', id: alice.id }],
      );
      assert.deepEqual((await get(`?targetType=auth.user&targetId=${alice.id}`)).items.length, 3);
      assert.deepEqual(
        (await get(`?targetType=auth.group`)).items.map((e) => e.action),
        ['group.create', ...sync],
      );
      const since = new Date(t0 + 60_000).toISOString();
      const until = new Date(t0 + 120_000).toISOString();
      assert.deepEqual(
        (await get(`?since=${since}&until=${until}`)).items.map((e) => e.action),
        ['group.create'],
      );
      const page1 = await get('?limit=3');
      assert.equal(page1.items.length, 3);
      const page2 = await get(`?limit=4&before=${page1.nextCursor}`);
      assert.deepEqual(
        page2.items.map((e) => e.action),
        ['user.create', ...sync],
      );
      assert.equal(page2.nextCursor, null);
      assert.equal((await get('?actor=987654')).items.length, 0);
      for (const [query, field] of [
        ['?since=yesterday', 'since'],
        ['?actor=me', 'actor'],
        ['?limit=500', 'limit'],
        ['?action=a&action=b', 'action'],
        ['?who=1', 'who'],
      ])
        assert.equal(
          (await root.request({ method: 'GET', url: `/api/admin/audit${query}` })).json<{
            field: string;
          }>().field,
          field,
          query,
        );
    });
  });
}
