import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DIALECTS } from '../../../../test-support/databases.ts';
import { signIn } from './support/server.ts';
import { field, usersFixture } from './support/users-fixture.ts';

type Json = Record<string, unknown>;

for (const dialect of DIALECTS) {
  describe(`admin API: users — list, create, read (${dialect})`, () => {
    let f: Awaited<ReturnType<typeof usersFixture>>;
    before(async () => {
      f = await usersFixture(dialect);
    });
    after(() => f.s.close());

    test('list: staff with view_user only; search; keyset pages', async () => {
      assert.equal((await f.s.app.inject({ method: 'GET', url: '/api/admin/users' })).statusCode, 401);
      const outsider = await signIn(f.s.app, 'outsider', 'outsider-password');
      assert.equal(
        (await outsider.request({ method: 'GET', url: '/api/admin/users' })).statusCode,
        403,
        'not staff',
      );
      const viewer = await signIn(f.s.app, 'viewer', 'viewer-password');
      const all = (await viewer.request({ method: 'GET', url: '/api/admin/users' })).json<{
        items: Json[];
        nextCursor: null;
      }>();
      assert.deepEqual(
        all.items.map((u) => u.username),
        [
          'adder',
          'boss',
          'manager',
          'mighty',
          'outsider',
          'plain',
          'plain2',
          'root',
          'under_score',
          'underXscore',
          'viewer',
        ],
      );
      assert.equal(all.nextCursor, null);
      assert.ok(!JSON.stringify(all).includes('plain$'), 'no password hashes');
      const search = async (q: string) =>
        (await viewer.request({ method: 'GET', url: `/api/admin/users?search=${encodeURIComponent(q)}` }))
          .json<{ items: Json[] }>()
          .items.map((u) => u.username);
      assert.deepEqual(await search('PLAIN'), ['plain', 'plain2']);
      assert.deepEqual(await search('second@lab'), ['plain2'], 'e-mail matches too');
      assert.deepEqual(await search('r_s'), ['under_score'], '_ is a letter, not a wildcard');
      assert.deepEqual(await search('%'), [], '% is a letter, not a wildcard');
      const seen: unknown[] = [];
      let cursor: string | null = null;
      do {
        const url: string = `/api/admin/users?limit=3${cursor ? `&after=${cursor}` : ''}`;
        const page = (await viewer.request({ method: 'GET', url })).json<{
          items: Json[];
          nextCursor: string | null;
        }>();
        assert.ok(page.items.length <= 3);
        seen.push(...page.items.map((u) => u.username));
        cursor = page.nextCursor;
      } while (cursor);
      assert.deepEqual(
        seen,
        all.items.map((u) => u.username),
      );
      for (const [query, name] of [
        ['limit=0', 'limit'],
        ['limit=101', 'limit'],
        ['limit=ten', 'limit'],
        ['after=%2F%2F', 'after'],
        ['after=Zm9v%3D', 'after'],
        ['sort=name', 'sort'],
        ['search=', 'search'],
      ])
        assert.equal(
          field(await viewer.request({ method: 'GET', url: `/api/admin/users?${query}` })),
          name,
          query,
        );
    });

    test('create needs add_user AND change_user; only superusers create superusers', async () => {
      const adder = await signIn(f.s.app, 'adder', 'adder-password');
      const count = async () => (await f.s.db.selectFrom('authz_user').select('id').execute()).length;
      const before = await count();
      const halfway = await adder.request({
        method: 'POST',
        url: '/api/admin/users',
        payload: { username: 'newbie' },
      });
      assert.equal(halfway.statusCode, 403);
      const escalate = await f.manager.request({
        method: 'POST',
        url: '/api/admin/users',
        payload: { username: 'newroot', isSuperuser: true },
      });
      assert.equal(escalate.statusCode, 403);
      assert.equal(field(escalate), 'isSuperuser');
      assert.equal(await count(), before, 'nothing created');
      const made = await f.manager.request({
        method: 'POST',
        url: '/api/admin/users',
        payload: {
          username: 'newbie',
          email: 'newbie@lab.example',
          password: 'newbie-password',
          isStaff: true,
        },
      });
      assert.equal(made.statusCode, 201);
      assert.equal(made.json<Json>().isStaff, true);
      assert.equal(
        (
          await f.manager.request({
            method: 'POST',
            url: '/api/admin/users',
            payload: { username: 'NEWBIE' },
          })
        ).statusCode,
        409,
      );
      const superuser = await f.root.request({
        method: 'POST',
        url: '/api/admin/users',
        payload: { username: 'root2', isSuperuser: true },
      });
      assert.equal(superuser.statusCode, 201);
      for (const [payload, name] of [
        [{ username: 'has space' }, 'username'],
        [{ username: '' }, 'username'],
        [{ username: 'x'.repeat(151) }, 'username'],
        [{ username: 5 }, 'username'],
        [{ username: 'ok', password: 'short' }, 'password'],
        [{ username: 'ok', email: 'not-an-email' }, 'email'],
        [{ username: 'ok', isStaff: 'yes' }, 'isStaff'],
        [{ username: 'ok', groups: [1] }, 'groups'],
      ] as const)
        assert.equal(
          field(await f.manager.request({ method: 'POST', url: '/api/admin/users', payload })),
          name,
          JSON.stringify(payload),
        );
      assert.equal(await count(), before + 2);
    });

    test('read: the user, their groups and permissions; 404 and bad ids', async () => {
      const detail = await f.manager.request({ method: 'GET', url: `/api/admin/users/${f.ids.mighty}` });
      assert.equal(detail.statusCode, 200);
      const body = detail.json<{
        user: Json;
        permissions: string[];
        effectivePermissions: string[];
        groups: unknown[];
      }>();
      assert.equal(body.user.username, 'mighty');
      assert.deepEqual(body.permissions, ['batterydb.delete_experiment']);
      assert.deepEqual(body.effectivePermissions, ['batterydb.delete_experiment']);
      assert.equal(
        (await f.manager.request({ method: 'GET', url: '/api/admin/users/999999' })).statusCode,
        404,
      );
      for (const id of ['abc', '0', '-1', '1.5', '1e3', '0x1', '01', '99999999999', '%20'])
        assert.equal(
          field(await f.manager.request({ method: 'GET', url: `/api/admin/users/${id}` })),
          'id',
          id,
        );
    });
  });
}
