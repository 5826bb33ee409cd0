import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DIALECTS } from '../../../../test-support/databases.ts';
import { makeUser, signIn } from './support/server.ts';
import { field, usersFixture } from './support/users-fixture.ts';

type Json = Record<string, unknown>;

for (const dialect of DIALECTS) {
  describe(`admin API: users — changes (${dialect})`, () => {
    let f: Awaited<ReturnType<typeof usersFixture>>;
    before(async () => {
      f = await usersFixture(dialect);
    });
    after(() => f.s.close());

    test('update: e-mail and flags, within the no-escalation rules; audited', async () => {
      const before = await f.audits();
      const ok = await f.manager.request({
        method: 'PATCH',
        url: `/api/admin/users/${f.ids.plain}`,
        payload: { email: 'p@lab.example', isStaff: true },
      });
      assert.equal(ok.statusCode, 200);
      assert.equal(ok.json<Json>().email, 'p@lab.example');
      assert.equal(await f.audits(), before + 1);
      const entry = (await f.s.authz.findAuditEntries({ action: 'user.update', limit: 1 })).entries[0]!;
      assert.deepEqual(entry.before, { email: '', isStaff: false });
      assert.deepEqual(entry.after, { email: 'p@lab.example', isStaff: true });
      assert.equal(entry.actorId, f.managerId);
      assert.equal(entry.clientAddress, '127.0.0.1');
      const refusals: [number, Json, string][] = [
        [f.ids.plain!, { isSuperuser: true }, 'isSuperuser'],
        [f.managerId, { isStaff: false }, 'isStaff'],
        [f.managerId, { isActive: false }, 'isActive'],
        [f.ids.boss!, { email: 'mine@evil.example' }, 'user'],
        [f.ids.mighty!, { email: 'mine@evil.example' }, 'user'],
      ];
      for (const [id, payload, name] of refusals) {
        const response = await f.manager.request({ method: 'PATCH', url: `/api/admin/users/${id}`, payload });
        assert.equal(response.statusCode, 403, JSON.stringify(payload));
        assert.equal(field(response), name);
      }
      assert.equal(await f.audits(), before + 1, 'refusals change and record nothing');
      assert.equal((await f.s.authz.getUser(f.ids.boss!)).email, '');
      const own = await f.manager.request({
        method: 'PATCH',
        url: `/api/admin/users/${f.managerId}`,
        payload: { email: 'me@lab.example' },
      });
      assert.equal(own.statusCode, 200, 'one may change one’s own e-mail');
      assert.equal(
        field(
          await f.manager.request({ method: 'PATCH', url: `/api/admin/users/${f.ids.plain}`, payload: {} }),
        ),
        'body',
      );
      assert.equal(
        field(
          await f.manager.request({
            method: 'PATCH',
            url: `/api/admin/users/${f.ids.plain}`,
            payload: { email: 'bad' },
          }),
        ),
        'email',
      );
      assert.equal(
        field(
          await f.manager.request({
            method: 'PATCH',
            url: `/api/admin/users/${f.ids.plain}`,
            payload: { username: 'renamed' },
          }),
        ),
        'username',
      );
      const former = await makeUser(f.s.authz, 'former', { staff: true, superuser: true });
      const boss = await f.root.request({
        method: 'PATCH',
        url: `/api/admin/users/${former.id}`,
        payload: { isSuperuser: false },
      });
      assert.equal(boss.statusCode, 200, 'a superuser may');
    });

    test('deactivate and set password end the target’s sessions', async () => {
      const victim = await makeUser(f.s.authz, 'victim');
      const session = await signIn(f.s.app, 'victim', 'victim-password');
      const set = await f.manager.request({
        method: 'PUT',
        url: `/api/admin/users/${victim.id}/password`,
        payload: { password: 'victim-new-password' },
      });
      assert.equal(set.statusCode, 204);
      assert.equal((await session.request({ method: 'GET', url: '/api/auth/me' })).statusCode, 401);
      const again = await signIn(f.s.app, 'victim', 'victim-new-password');
      assert.equal(
        field(
          await f.manager.request({
            method: 'PUT',
            url: `/api/admin/users/${victim.id}/password`,
            payload: { password: 'short' },
          }),
        ),
        'password',
      );
      assert.equal(
        field(
          await f.manager.request({
            method: 'PUT',
            url: `/api/admin/users/${victim.id}/password`,
            payload: {},
          }),
        ),
        'password',
      );
      assert.equal(
        (
          await f.manager.request({
            method: 'PUT',
            url: `/api/admin/users/${f.managerId}/password`,
            payload: { password: 'manager-new-password' },
          })
        ).statusCode,
        403,
        'not one’s own',
      );
      assert.equal(
        (
          await f.manager.request({
            method: 'PUT',
            url: `/api/admin/users/${f.ids.boss}/password`,
            payload: { password: 'taken-over-now' },
          })
        ).statusCode,
        403,
        'not a superuser’s',
      );
      const off = await f.manager.request({
        method: 'POST',
        url: `/api/admin/users/${victim.id}/deactivate`,
      });
      assert.equal(off.statusCode, 200);
      assert.equal((await again.request({ method: 'GET', url: '/api/auth/me' })).statusCode, 401);
      assert.equal(
        (await f.manager.request({ method: 'POST', url: `/api/admin/users/${f.ids.boss}/deactivate` }))
          .statusCode,
        403,
      );
      const unusable = await f.root.request({
        method: 'PUT',
        url: `/api/admin/users/${victim.id}/password`,
        payload: { password: null },
      });
      assert.equal(unusable.statusCode, 204);
      assert.equal((await f.s.authz.getUser(victim.id)).hasUsablePassword, false);
    });

    test('groups and permissions of a user: only what the actor holds, never its own', async () => {
      const contributor = (await f.s.authz.findGroupByName('Contributor'))!.id;
      const maintainer = (await f.s.authz.findGroupByName('Maintainer'))!.id;
      const put = (id: number, what: 'groups' | 'permissions', payload: object) =>
        f.manager.request({ method: 'PUT', url: `/api/admin/users/${id}/${what}`, payload });
      const ok = await put(f.ids.plain2!, 'groups', { groups: [contributor] });
      assert.equal(ok.statusCode, 200);
      assert.deepEqual(ok.json(), { groups: [contributor] });
      const more = await put(f.ids.plain2!, 'groups', { groups: [contributor, maintainer] });
      assert.equal(more.statusCode, 403, 'Maintainer holds what the f.manager lacks');
      assert.equal(field(more), 'groups');
      assert.equal(
        (await put(f.managerId, 'groups', { groups: [contributor] })).statusCode,
        403,
        'own groups',
      );
      assert.equal(field(await put(f.ids.plain2!, 'groups', { groups: [987654] })), 'groups');
      assert.equal(field(await put(f.ids.plain2!, 'groups', { groups: ['1'] })), 'groups[0]');
      assert.equal(
        field(await put(f.ids.plain2!, 'groups', { groups: [contributor, contributor] })),
        'groups',
      );
      assert.equal((await put(f.ids.plain2!, 'groups', { groups: [] })).statusCode, 200, 'removing is fine');

      const granted = await put(f.ids.plain2!, 'permissions', {
        permissions: ['batterydb.add_experiment', 'auth.view_user'],
      });
      assert.equal(granted.statusCode, 200);
      assert.deepEqual(granted.json(), { permissions: ['auth.view_user', 'batterydb.add_experiment'] });
      const escalate = await put(f.ids.plain2!, 'permissions', {
        permissions: ['batterydb.delete_experiment'],
      });
      assert.equal(escalate.statusCode, 403);
      assert.equal(field(escalate), 'permissions');
      assert.equal(
        field(await put(f.ids.plain2!, 'permissions', { permissions: ['batterydb.fly'] })),
        'permissions',
      );
      assert.equal(
        (await put(f.managerId, 'permissions', { permissions: [] })).statusCode,
        403,
        'own permissions',
      );
      assert.equal(
        (await put(f.ids.mighty!, 'permissions', { permissions: [] })).statusCode,
        403,
        'more privileged target',
      );
      const history = await f.s.authz.findAuditEntries({
        targetType: 'auth.user',
        targetId: f.ids.plain2!,
        limit: 10,
      });
      assert.deepEqual(
        history.entries.map((e) => e.action),
        ['user.permissions', 'user.groups', 'user.groups'],
      );
      assert.deepEqual(history.entries[0]!.after, ['auth.view_user', 'batterydb.add_experiment']);
    });
  });
}
