import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DIALECTS } from '../../../../test-support/databases.ts';
import { type Browser, makeUser, signIn, testServer, type TestServer } from './support/server.ts';

type Json = Record<string, unknown>;
const field = (r: { json<T>(): T }) => r.json<{ field?: string }>().field;

for (const dialect of DIALECTS) {
  describe(`admin API: groups (${dialect})`, () => {
    let s: TestServer;
    let root: Browser;
    let staff: Browser;
    let staffId: number;
    let maintainer: number;
    before(async () => {
      s = await testServer(dialect);
      await makeUser(s.authz, 'root', { staff: true, superuser: true });
      staffId = (
        await makeUser(s.authz, 'staff', {
          staff: true,
          perms: [
            'auth.view_group',
            'auth.add_group',
            'auth.change_group',
            'auth.delete_group',
            'auth.change_user',
            'auth.view_user',
            'batterydb.add_experiment',
          ],
        })
      ).id;
      await makeUser(s.authz, 'reader', { staff: true, perms: ['auth.view_group'] });
      maintainer = (await s.authz.findGroupByName('Maintainer'))!.id;
      root = await signIn(s.app, 'root', 'root-password');
      staff = await signIn(s.app, 'staff', 'staff-password');
    });
    after(() => s.close());

    const create = (who: Browser, name: string) =>
      who.request({ method: 'POST', url: '/api/admin/groups', payload: { name } });

    test('list, search, pages, read', async () => {
      const reader = await signIn(s.app, 'reader', 'reader-password');
      for (const name of ['Alpha team', 'Beta team', 'Gamma'])
        assert.equal((await create(staff, name)).statusCode, 201);
      const all = (await reader.request({ method: 'GET', url: '/api/admin/groups' })).json<{
        items: { name: string }[];
      }>();
      assert.deepEqual(
        all.items.map((g) => g.name),
        ['Alpha team', 'Beta team', 'Contributor', 'Gamma', 'Maintainer', 'Read only'],
      );
      const teams = (await reader.request({ method: 'GET', url: '/api/admin/groups?search=TEAM' })).json<{
        items: Json[];
      }>();
      assert.equal(teams.items.length, 2);
      const first = (await reader.request({ method: 'GET', url: '/api/admin/groups?limit=4' })).json<{
        items: Json[];
        nextCursor: string;
      }>();
      const rest = (
        await reader.request({ method: 'GET', url: `/api/admin/groups?after=${first.nextCursor}` })
      ).json<{ items: Json[]; nextCursor: null }>();
      assert.equal(first.items.length + rest.items.length, 6);
      assert.equal(rest.nextCursor, null);
      const one = await reader.request({ method: 'GET', url: `/api/admin/groups/${maintainer}` });
      assert.equal(one.statusCode, 200);
      const body = one.json<{ name: string; permissions: string[]; memberCount: number }>();
      assert.equal(body.name, 'Maintainer');
      assert.ok(body.permissions.includes('batterydb.change_experiment_status'));
      assert.equal(body.memberCount, 0);
      assert.equal(
        (await reader.request({ method: 'GET', url: '/api/admin/groups/987654' })).statusCode,
        404,
      );
      assert.equal(
        (await reader.request({ method: 'POST', url: '/api/admin/groups', payload: { name: 'x' } }))
          .statusCode,
        403,
        'needs add_group',
      );
    });

    test('create: add_group; taken names conflict; declared roles are the superuser’s', async () => {
      assert.equal((await create(staff, 'Alpha team')).statusCode, 409);
      const role = await create(staff, 'Maintainer');
      assert.equal(role.statusCode, 403, 'a role name, even one that exists');
      assert.equal(field(role), 'name');
      assert.equal((await create(root, 'Maintainer')).statusCode, 409, 'a superuser meets the conflict');
      for (const [payload, name] of [
        [{ name: '' }, 'name'],
        [{ name: ' '.repeat(3) }, 'name'],
        [{ name: 'x'.repeat(151) }, 'name'],
        [{}, 'name'],
        [{ name: 'x', permissions: [] }, 'permissions'],
      ] as const)
        assert.equal(
          field(await staff.request({ method: 'POST', url: '/api/admin/groups', payload })),
          name,
          JSON.stringify(payload),
        );
    });

    test('rename and delete: not roles, not groups holding more, not one’s own', async () => {
      const group = (await create(staff, 'Delta')).json<{ id: number }>();
      const renamed = await staff.request({
        method: 'PATCH',
        url: `/api/admin/groups/${group.id}`,
        payload: { name: 'Delta prime' },
      });
      assert.equal(renamed.statusCode, 200);
      assert.equal(renamed.json<Json>().name, 'Delta prime');
      const refusals: [number, string][] = [
        [maintainer, 'Renamed'],
        [group.id, 'Contributor'],
      ];
      for (const [id, name] of refusals)
        assert.equal(
          (await staff.request({ method: 'PATCH', url: `/api/admin/groups/${id}`, payload: { name } }))
            .statusCode,
          403,
          name,
        );
      const rich = (await create(root, 'Rich')).json<{ id: number }>();
      await root.request({
        method: 'PUT',
        url: `/api/admin/groups/${rich.id}/permissions`,
        payload: { permissions: ['batterydb.delete_experiment'] },
      });
      assert.equal(
        (
          await staff.request({
            method: 'PATCH',
            url: `/api/admin/groups/${rich.id}`,
            payload: { name: 'Poor' },
          })
        ).statusCode,
        403,
      );
      assert.equal(
        (await staff.request({ method: 'DELETE', url: `/api/admin/groups/${rich.id}` })).statusCode,
        403,
      );
      assert.equal(
        (await staff.request({ method: 'DELETE', url: `/api/admin/groups/${maintainer}` })).statusCode,
        403,
      );
      const mine = (await create(root, 'Mine')).json<{ id: number }>();
      await s.authz.addMember(mine.id, staffId);
      assert.equal(
        (await staff.request({ method: 'DELETE', url: `/api/admin/groups/${mine.id}` })).statusCode,
        403,
        'own group',
      );
      const other = await makeUser(s.authz, 'member');
      await s.authz.addMember(group.id, other.id);
      assert.equal(
        (await staff.request({ method: 'DELETE', url: `/api/admin/groups/${group.id}` })).statusCode,
        204,
      );
      assert.deepEqual((await s.authz.loadSubject(other.id))!.groups, []);
      assert.equal(
        (await staff.request({ method: 'DELETE', url: `/api/admin/groups/${group.id}` })).statusCode,
        404,
      );
      const entry = (await s.authz.findAuditEntries({ action: 'group.delete', limit: 1 })).entries[0]!;
      assert.deepEqual(entry.before, { name: 'Delta prime', permissions: [], members: [other.id] });
    });

    test('members: listed with view_group, changed with change_user under the policy', async () => {
      const contributor = (await s.authz.findGroupByName('Contributor'))!.id;
      const newcomer = await makeUser(s.authz, 'newcomer');
      const add = (group: number, userId: number) =>
        staff.request({ method: 'POST', url: `/api/admin/groups/${group}/members`, payload: { userId } });
      assert.equal((await add(contributor, newcomer.id)).statusCode, 204);
      const members = await staff.request({ method: 'GET', url: `/api/admin/groups/${contributor}/members` });
      assert.deepEqual(
        members.json<Json[]>().map((u) => u.username),
        ['newcomer'],
      );
      const reader = await signIn(s.app, 'reader', 'reader-password');
      const hidden = await reader.request({ method: 'GET', url: `/api/admin/groups/${contributor}/members` });
      assert.equal(hidden.statusCode, 403, 'view_group alone does not show accounts');
      const escalate = await add(maintainer, newcomer.id);
      assert.equal(escalate.statusCode, 403, 'Maintainer holds what staff lacks');
      assert.equal(field(escalate), 'groups');
      assert.equal((await add(contributor, staffId)).statusCode, 403, 'own groups');
      assert.equal((await add(contributor, 987654)).statusCode, 404);
      assert.equal((await add(987654, newcomer.id)).statusCode, 404);
      assert.equal(
        field(
          await staff.request({
            method: 'POST',
            url: `/api/admin/groups/${contributor}/members`,
            payload: { userId: '5' },
          }),
        ),
        'userId',
      );
      const removed = await staff.request({
        method: 'DELETE',
        url: `/api/admin/groups/${contributor}/members/${newcomer.id}`,
      });
      assert.equal(removed.statusCode, 204);
      assert.deepEqual((await s.authz.loadSubject(newcomer.id))!.groups, []);
      assert.equal(
        field(await staff.request({ method: 'DELETE', url: `/api/admin/groups/${contributor}/members/abc` })),
        'userId',
      );
    });

    test("a group's permissions: superusers only", async () => {
      const group = (await create(staff, 'Epsilon')).json<{ id: number }>();
      const url = `/api/admin/groups/${group.id}/permissions`;
      const refused = await staff.request({
        method: 'PUT',
        url,
        payload: { permissions: ['batterydb.add_experiment'] },
      });
      assert.equal(refused.statusCode, 403, 'even a permission staff holds');
      assert.equal(field(refused), 'permissions');
      const ok = await root.request({
        method: 'PUT',
        url,
        payload: { permissions: ['batterydb.view_experiment', 'auth.view_user'] },
      });
      assert.equal(ok.statusCode, 200);
      assert.deepEqual(ok.json(), { permissions: ['auth.view_user', 'batterydb.view_experiment'] });
      assert.equal(
        field(await root.request({ method: 'PUT', url, payload: { permissions: ['nope.nothing'] } })),
        'permissions',
      );
      assert.equal(
        field(await root.request({ method: 'PUT', url, payload: { permissions: 'auth.view_user' } })),
        'permissions',
      );
      const entry = (
        await s.authz.findAuditEntries({ action: 'group.permissions', targetId: group.id, limit: 1 })
      ).entries[0]!;
      assert.deepEqual(entry.before, []);
      assert.deepEqual(entry.after, ['auth.view_user', 'batterydb.view_experiment']);
    });
  });
}
