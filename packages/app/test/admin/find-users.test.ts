/**
 * The users list (`findUsers`, behind /admin/users, `GET /api/admin/users` and `batterydb users
 * list`): every filter selects what it says, and for every sort the keyset pages, read to the
 * end, give each user once in the same order as one sorted read — on both dialects.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { findUsers, USER_SORTS, type UserQuery, userSearchContext } from '../../src/accounts/find-users.ts';
import { createExperiments } from '../../src/experiments/create-experiments.ts';
import { DIALECTS } from '../../../../test-support/databases.ts';
import { makeUser, testServer, type TestServer } from '../http/support/server.ts';

const DAY = 24 * 60 * 60 * 1000;

for (const dialect of DIALECTS) {
  describe(`findUsers: filters, sorts and keyset pages (${dialect})`, () => {
    let s: TestServer;
    const find = (query: Omit<UserQuery, 'limit'> & { limit?: number }) =>
      findUsers(s.db, { limit: 100, ...query }, userSearchContext(s.authz));
    const names = async (query: Omit<UserQuery, 'limit'>) => (await find(query)).items.map((u) => u.username);

    before(async () => {
      s = await testServer(dialect);
      const now = s.clock.read();
      const people = [
        ['ada', 'Ada Lovelace', 'ada@lab.example', { staff: true }, now - 2 * DAY],
        ['bob', 'Bob Jones', 'bob@lab.example', {}, now - 40 * DAY],
        ['cy', '', 'cy@other.example', { active: false }, null],
        ['dee', 'Dee 100%_real', 'dee@lab.example', { superuser: true, staff: true }, now - 100 * DAY],
        ['eve', 'Eve', '', {}, now - 10 * DAY],
      ] as const;
      for (const [username, fullName, email, flags, lastLogin] of people) {
        const user = await makeUser(s.authz, username, flags);
        await s.authz.updateUser(user.id, { fullName, email });
        await s.db
          .updateTable('authz_user')
          .set({ last_login: lastLogin, date_joined: now - username.charCodeAt(0) * 1000 })
          .where('id', '=', user.id)
          .execute();
      }
      const cells = await s.authz.createGroup('Cells');
      await s.authz.addMember(cells.id, (await s.authz.findUserByUsername('bob'))!.id);
      await s.authz.addMember(cells.id, (await s.authz.findUserByUsername('eve'))!.id);
      const ada = (await s.authz.findUserByUsername('ada'))!;
      await s.authz.addUserPerms(ada.id, ['batterydb.add_experiment']);
      const [e] = await createExperiments(s.authz, ada.id, [{ title: 'x' }]);
      await s.authz.experiments.assign(
        { user: (await s.authz.findUserByUsername('eve'))!.id },
        'batterydb.view_experiment',
        Number(e!.id),
      );
    });
    after(() => s.close());

    test('search matches username, e-mail or name, case-insensitively; % and _ are letters', async () => {
      assert.deepEqual(await names({ search: 'LOVE' }), ['ada']);
      assert.deepEqual(await names({ search: 'other.example' }), ['cy']);
      assert.deepEqual(await names({ search: 'jones' }), ['bob']);
      assert.deepEqual(await names({ search: '100%_' }), ['dee']);
      assert.deepEqual(await names({ search: '%' }), ['dee']);
    });

    test('flags, group, grants and last sign-in filter as they say', async () => {
      assert.deepEqual(await names({ active: false }), ['cy']);
      assert.deepEqual(await names({ staff: true }), ['ada', 'dee']);
      assert.deepEqual(await names({ superuser: true }), ['dee']);
      assert.deepEqual(await names({ superuser: false, staff: true }), ['ada']);
      const cells = (await s.authz.findGroupByName('Cells'))!.id;
      assert.deepEqual(await names({ groupId: cells }), ['bob', 'eve']);
      assert.deepEqual(await names({ hasGrants: true }), ['eve']);
      assert.deepEqual(await names({ hasGrants: false, groupId: cells }), ['bob']);
      assert.deepEqual(await names({ lastLogin: 'never' }), ['cy']);
      assert.deepEqual(await names({ lastLogin: 'within-7-days' }), ['ada']);
      assert.deepEqual(await names({ lastLogin: 'within-30-days' }), ['ada', 'eve']);
      assert.deepEqual(await names({ lastLogin: 'not-in-90-days' }), ['cy', 'dee']);
    });

    test('every sort: pages of two, read to the end, are the one sorted list', async () => {
      for (const sort of USER_SORTS) {
        const whole = await names({ sort });
        assert.equal(whole.length, 5, sort);
        const paged: string[] = [];
        let after: string | undefined;
        for (let guard = 0; guard < 10; guard++) {
          const page = await find({ sort, limit: 2, ...(after ? { after } : {}) });
          paged.push(...page.items.map((u) => u.username));
          if (page.nextCursor === null) break;
          after = page.nextCursor;
        }
        assert.deepEqual(paged, whole, sort);
      }
      assert.deepEqual(await names({ sort: '-lastLogin' }), ['ada', 'eve', 'bob', 'dee', 'cy']);
      assert.deepEqual(await names({ sort: '-username' }), ['eve', 'dee', 'cy', 'bob', 'ada']);
    });

    test('a cursor of another sort or a forged one is bad input naming `after`, never a fault', async () => {
      const byName = (await find({ sort: 'username', limit: 1 })).nextCursor!;
      for (const after of [byName, 'bm90IGpzb24', Buffer.from('[1]').toString('base64url')])
        await assert.rejects(
          find({ sort: '-dateJoined', after }),
          (error: { code?: string; field?: string }) => {
            assert.equal(error.code, 'INVALID_INPUT');
            assert.equal(error.field, 'after');
            return true;
          },
        );
    });
  });
}
