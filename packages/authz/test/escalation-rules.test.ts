/** SPEC §4, rule by rule, as examples (the property test covers the combinations). */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  type AccountView,
  type Decision,
  type GroupView,
  mayActOnAccount,
  mayChangeGroupPerms,
  mayChangeMemberships,
  mayChangeUserPerms,
  mayCreateGroup,
  mayCreateUser,
  mayDeleteGroup,
  mayRenameGroup,
  maySetPassword,
  mayUpdateUser,
} from '../src/index.ts';

const account = (id: number, perms: string[], more: Partial<AccountView> = {}): AccountView => ({
  id,
  isActive: true,
  isStaff: false,
  isSuperuser: false,
  permissions: new Set(perms),
  groupIds: new Set(),
  ...more,
});
const group = (id: number, name: string, perms: string[]): GroupView => ({
  id,
  name,
  permissions: new Set(perms),
});
const ADMIN = [
  'auth.add_user',
  'auth.change_user',
  'auth.add_group',
  'auth.change_group',
  'auth.delete_group',
];
const staff = account(1, [...ADMIN, 'lab.view_sample'], { isStaff: true, groupIds: new Set([10]) });
const root = account(2, [], { isStaff: true, isSuperuser: true });
const peer = account(3, ['lab.view_sample']);
const richer = account(4, ['lab.delete_sample']);
const superuser = account(5, [], { isSuperuser: true });
const roles = new Set(['Maintainer']);
const denied = (d: Decision) => (d.allowed ? 'allowed' : d.reason);

describe('no-escalation rules', () => {
  test('acting on accounts: only those holding nothing the actor lacks, never a superuser', () => {
    assert.equal(denied(mayActOnAccount(staff, peer)), 'allowed');
    assert.equal(denied(mayActOnAccount(staff, richer)), 'more-privileged-target');
    assert.equal(denied(mayActOnAccount(staff, superuser)), 'more-privileged-target');
    assert.equal(
      denied(mayActOnAccount(staff, account(6, [], { isSuperuser: true, isActive: false }))),
      'more-privileged-target',
    );
    assert.equal(denied(mayActOnAccount(root, superuser)), 'allowed');
    assert.equal(denied(mayActOnAccount({ ...root, isActive: false }, peer)), 'more-privileged-target');
  });

  test('creating users needs add_user and change_user; superusers only by superusers', () => {
    assert.equal(denied(mayCreateUser(staff, {})), 'allowed');
    assert.equal(denied(mayCreateUser(account(7, ['auth.add_user']), {})), 'missing-permission');
    assert.equal(denied(mayCreateUser(staff, { isSuperuser: true })), 'superuser-only');
    assert.equal(denied(mayCreateUser(root, { isSuperuser: true })), 'allowed');
    assert.equal(denied(mayCreateUser({ ...staff, isActive: false }, {})), 'inactive-actor');
  });

  test('flags and e-mail: never isSuperuser, never one’s own flags', () => {
    assert.equal(
      denied(mayUpdateUser(staff, peer, { email: 'x@y.z', isStaff: true, isActive: false })),
      'allowed',
    );
    assert.equal(denied(mayUpdateUser(staff, peer, { isSuperuser: true })), 'superuser-only');
    assert.equal(
      denied(mayUpdateUser(staff, peer, { isSuperuser: false })),
      'allowed',
      'no change is no escalation',
    );
    assert.equal(denied(mayUpdateUser(staff, staff, { isStaff: false })), 'own-account');
    assert.equal(denied(mayUpdateUser(staff, staff, { email: 'me@y.z' })), 'allowed');
    assert.equal(denied(mayUpdateUser(staff, richer, { email: 'mine@evil' })), 'more-privileged-target');
    assert.equal(denied(mayUpdateUser(root, root, { isSuperuser: false })), 'allowed');
  });

  test('passwords: others’ only, and only of accounts holding nothing more', () => {
    assert.equal(denied(maySetPassword(staff, peer)), 'allowed');
    assert.equal(denied(maySetPassword(staff, staff)), 'own-account');
    assert.equal(denied(maySetPassword(staff, superuser)), 'more-privileged-target');
  });

  test('memberships: not one’s own, not into a group holding more', () => {
    const lab = group(11, 'Lab', ['lab.view_sample']);
    const admins = group(12, 'Admins', ['lab.delete_sample']);
    assert.equal(denied(mayChangeMemberships(staff, peer, { add: [lab], remove: [] })), 'allowed');
    assert.equal(
      denied(mayChangeMemberships(staff, peer, { add: [admins], remove: [] })),
      'group-holds-more',
    );
    assert.equal(denied(mayChangeMemberships(staff, staff, { add: [lab], remove: [] })), 'own-account');
    assert.equal(
      denied(
        mayChangeMemberships(staff, { ...richer, groupIds: new Set([12]) }, { add: [], remove: [admins] }),
      ),
      'more-privileged-target',
    );
    assert.equal(denied(mayChangeMemberships(root, peer, { add: [admins], remove: [] })), 'allowed');
  });

  test('user permissions: only ones the actor holds, never its own', () => {
    assert.equal(
      denied(mayChangeUserPerms(staff, peer, { add: ['lab.view_sample'], remove: [] })),
      'allowed',
    );
    assert.equal(
      denied(mayChangeUserPerms(staff, peer, { add: ['lab.delete_sample'], remove: [] })),
      'permission-not-held',
    );
    assert.equal(
      denied(mayChangeUserPerms(staff, staff, { add: [], remove: ['lab.view_sample'] })),
      'own-account',
    );
  });

  test('groups: permissions are the superuser’s; roles are protected; not a group one is in', () => {
    assert.equal(denied(mayChangeGroupPerms(staff)), 'superuser-only');
    assert.equal(denied(mayChangeGroupPerms(root)), 'allowed');
    assert.equal(denied(mayCreateGroup(staff, 'Lab 2', roles)), 'allowed');
    assert.equal(denied(mayCreateGroup(staff, 'Maintainer', roles)), 'protected-group');
    assert.equal(denied(mayRenameGroup(staff, group(11, 'Lab', []), 'Maintainer', roles)), 'protected-group');
    assert.equal(denied(mayRenameGroup(staff, group(13, 'Maintainer', []), 'Old', roles)), 'protected-group');
    assert.equal(
      denied(mayRenameGroup(staff, group(12, 'Admins', ['lab.delete_sample']), 'X', roles)),
      'group-holds-more',
    );
    assert.equal(denied(mayDeleteGroup(staff, group(10, 'Mine', []), roles)), 'own-group');
    assert.equal(denied(mayDeleteGroup(staff, group(14, 'Other', []), roles)), 'allowed');
    assert.equal(
      denied(mayDeleteGroup(root, group(13, 'Maintainer', ['lab.delete_sample']), roles)),
      'allowed',
    );
  });
});
