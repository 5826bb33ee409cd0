import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DIALECTS } from '../../../test-support/databases.ts';
import { AuthzError } from '../src/index.ts';
import { kitOn } from './support/kit.ts';

for (const dialect of DIALECTS) {
  describe(`model-level checks (${dialect})`, () => {
    let kit: Awaited<ReturnType<typeof kitOn>>;
    before(async () => {
      kit = await kitOn(dialect);
    });
    after(() => kit.database.drop());

    test('union of own and group permissions; nothing else', async () => {
      const { authz } = kit;
      const alice = await authz.createUser({ username: 'alice' });
      const techs = await authz.createGroup('Technicians');
      await authz.addGroupPerms(techs.id, ['lab.view_sample', 'lab.approve_sample']);
      await authz.addMember(techs.id, alice.id);
      await authz.addUserPerms(alice.id, ['lab.add_report']);
      assert.equal(await authz.hasPerm(alice.id, 'lab.view_sample'), true);
      assert.equal(await authz.hasPerm(alice.id, 'lab.add_report'), true);
      assert.equal(await authz.hasPerm(alice.id, 'lab.delete_sample'), false);
      assert.deepEqual([...(await authz.getUserPerms(alice.id))], ['lab.add_report']);
      assert.deepEqual([...(await authz.getGroupPerms(alice.id))].sort(), [
        'lab.approve_sample',
        'lab.view_sample',
      ]);
      assert.equal(await authz.hasPerms(alice.id, ['lab.view_sample', 'lab.add_report']), true);
      assert.equal(await authz.hasPerms(alice.id, ['lab.view_sample', 'lab.change_report']), false);
    });

    test('inactive users have nothing, superusers everything — even unknown permissions', async () => {
      const { authz } = kit;
      const root = await authz.createUser({ username: 'root', isSuperuser: true });
      assert.equal(await authz.hasPerm(root.id, 'lab.view_sample'), true);
      assert.equal(await authz.hasPerm(root.id, 'nope.does_not_exist' as never), true);
      assert.equal((await authz.getAllPerms(root.id)).size, authz.registry.permissions.length);
      await authz.updateUser(root.id, { isActive: false });
      assert.equal(await authz.hasPerm(root.id, 'lab.view_sample'), false);
      assert.equal((await authz.getAllPerms(root.id)).size, 0);
    });

    test('an unknown permission string is false for a normal user, never an exception', async () => {
      const { authz } = kit;
      const bob = await authz.createUser({ username: 'bob' });
      for (const junk of ['', '.', 'lab.', '.x', 'a.b.c', 'lab.view_unicorn', "'; drop table authz_user; --"])
        assert.equal(await authz.hasPerm(bob.id, junk as never), false, junk);
      assert.deepEqual(await authz.explainPerm(bob.id, 'lab.view_unicorn'), {
        allowed: false,
        why: 'unknown-permission',
      });
    });

    test('a grant followed by a check on an already loaded user sees the grant (no "reload the user")', async () => {
      const { authz } = kit;
      const carol = await authz.createUser({ username: 'carol' });
      const subject = (await authz.loadSubject(carol.id))!;
      assert.equal(await authz.hasPerm(subject, 'lab.change_report'), false);
      await authz.addUserPerms(carol.id, ['lab.change_report']);
      assert.equal(await authz.hasPerm(subject, 'lab.change_report'), true);
      const group = await authz.createGroup('Reviewers');
      await authz.addGroupPerms(group.id, ['lab.delete_report']);
      assert.equal(await authz.hasPerm(subject, 'lab.delete_report'), false);
      await authz.addMember(group.id, carol.id);
      assert.equal(await authz.hasPerm(subject, 'lab.delete_report'), true);
    });

    test('explain names the groups behind a yes', async () => {
      const { authz } = kit;
      const dave = await authz.createUser({ username: 'dave' });
      const g = await authz.createGroup('Auditors');
      await authz.addGroupPerms(g.id, ['lab.view_report']);
      await authz.addMember(g.id, dave.id);
      assert.deepEqual(await authz.explainPerm(dave.id, 'lab.view_report'), {
        allowed: true,
        reasons: [{ kind: 'group-permission', group: 'Auditors' }],
      });
      assert.deepEqual(await authz.explainPerm(dave.id, 'lab.view_sample'), {
        allowed: false,
        why: 'not-granted',
      });
    });

    test('usernames are unique without regard to case; the error names the field', async () => {
      const { authz } = kit;
      await authz.createUser({ username: 'Erin' });
      await assert.rejects(authz.createUser({ username: 'erin' }), (e: unknown) => {
        assert.ok(e instanceof AuthzError);
        assert.equal(e.code, 'CONFLICT');
        assert.equal(e.field, 'username');
        return true;
      });
      assert.equal((await authz.findUserByUsername('ERIN'))?.username, 'Erin');
    });

    test('writing an unknown permission or to a missing holder is a typed error and writes nothing', async () => {
      const { authz } = kit;
      const frank = await authz.createUser({ username: 'frank' });
      await assert.rejects(authz.addUserPerms(frank.id, ['lab.view_sample', 'lab.fly' as never]), {
        code: 'INVALID_INPUT',
      });
      assert.deepEqual(await authz.userPermissionRows(frank.id), []);
      await assert.rejects(authz.addUserPerms(999_999, ['lab.view_sample']), { code: 'NOT_FOUND' });
      await assert.rejects(authz.addMember(999_999, frank.id), { code: 'NOT_FOUND', field: 'group' });
    });

    test('deleting a group removes its memberships and permissions', async () => {
      const { authz } = kit;
      const gina = await authz.createUser({ username: 'gina' });
      const g = await authz.createGroup('Temporary');
      await authz.addGroupPerms(g.id, ['lab.add_sample']);
      await authz.addMember(g.id, gina.id);
      assert.equal(await authz.hasPerm(gina.id, 'lab.add_sample'), true);
      await authz.deleteGroup(g.id);
      assert.equal(await authz.hasPerm(gina.id, 'lab.add_sample'), false);
      const again = await authz.createGroup('Temporary');
      assert.deepEqual(await authz.groupPermissionRows(again.id), []);
    });
  });
}
