/**
 * Issue 8 in the kit, as examples on pure functions: object holdings in the account and group
 * rules (SPEC §4), curated grant conditions in a policy, the access parts that lists and the
 * holdings' set difference are built from, and what an update of rule inputs gives.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  type AccountView,
  definePolicy,
  eq,
  groupRule,
  type GroupView,
  mayActOnAccount,
  mayChangeMemberships,
  mayDeleteGroup,
  mayRenameGroup,
  maySetPassword,
  ownerRule,
  permsGainedByUpdate,
} from '../src/index.ts';
import { accessBeyond, accessOf } from '../src/checks/access-parts.ts';
import type { Subject } from '../src/checks/subject.ts';
import { sample } from './support/kit.ts';

const account = (id: number, perms: string[], more: Partial<AccountView> = {}): AccountView => ({
  id,
  isActive: true,
  isStaff: true,
  isSuperuser: false,
  permissions: new Set(perms),
  groupIds: new Set(),
  ...more,
});
const group = (more: Partial<GroupView> = {}): GroupView => ({
  id: 5,
  name: 'lab',
  permissions: new Set(),
  ...more,
});

const policy = definePolicy({
  model: sample,
  table: 'sample',
  rules: [
    ownerRule({ name: 'owner views', field: 'owner_id', permissions: ['lab.view_sample'] }),
    ownerRule({
      name: 'owner edits drafts',
      field: 'owner_id',
      permissions: ['lab.change_sample'],
      when: eq('state', 'draft'),
    }),
    groupRule({ name: 'reviewers read', groups: ['Reviewers'], permissions: ['lab.view_sample'] }),
  ],
  grantsCountWhen: { 'lab.change_sample': eq('state', 'draft') },
});

const subject = (id: number, groups: { id: number; name: string }[], perms: string[] = []): Subject => ({
  user: {
    id,
    username: `u${id}`,
    email: '',
    isActive: true,
    isStaff: false,
    isSuperuser: false,
    lastLogin: null,
    dateJoined: new Date(0),
    fullName: '',
    hasUsablePassword: false,
  },
  ownPermissions: new Set(perms),
  groupPermissions: new Map(),
  groups,
  generation: 0,
  memo: new Map(),
  scope: null,
});

describe('object holdings in the account and group rules (SPEC §4)', () => {
  const manager = account(1, ['auth.change_user']);
  const holder = account(2, [], { objectHoldingActorLacks: 'lab.view_sample on some sample' });

  test('an account holding an object permission the actor lacks is not the actor’s to touch', () => {
    for (const decision of [mayActOnAccount(manager, holder), maySetPassword(manager, holder)]) {
      assert.equal(decision.allowed, false);
      if (!decision.allowed) {
        assert.equal(decision.reason, 'more-privileged-target');
        assert.match(decision.message, /lab\.view_sample on some sample/);
      }
    }
    assert.equal(maySetPassword(manager, account(3, [])).allowed, true);
    assert.equal(maySetPassword(account(9, [], { isSuperuser: true }), holder).allowed, true);
  });

  test('nobody is put into a group holding an object permission the actor lacks', () => {
    const granted = group({ objectHoldingActorLacks: 'lab.change_sample on some sample' });
    const join = mayChangeMemberships(manager, account(3, []), { add: [granted], remove: [] });
    assert.equal(join.allowed, false);
    if (!join.allowed) assert.equal(join.reason, 'group-holds-more');
    assert.equal(mayChangeMemberships(manager, account(3, []), { add: [group()], remove: [] }).allowed, true);
    const admin = account(1, ['auth.change_group', 'auth.delete_group']);
    assert.equal(mayRenameGroup(admin, granted, 'other', new Set()).allowed, false);
    assert.equal(mayDeleteGroup(admin, granted, new Set()).allowed, false);
  });
});

describe('curated grants and access parts', () => {
  test('definePolicy reads the grant conditions’ columns and refuses another model’s permission', () => {
    assert.deepEqual([...policy.columns].sort(), ['owner_id', 'state']);
    assert.throws(
      () =>
        definePolicy({
          model: sample,
          table: 'sample',
          rules: [],
          grantsCountWhen: { 'other.change_thing': eq('state', 'draft') } as never,
        }),
      /not a permission of sample/,
    );
  });

  test('the set difference of holdings drops what both hold identically', () => {
    const reviewer = subject(2, [{ id: 8, name: 'Reviewers' }]);
    const otherReviewer = subject(3, [{ id: 8, name: 'Reviewers' }]);
    const outsider = subject(4, []);
    const theirs = accessOf(policy, { kind: 'user', subject: reviewer }, 'lab.view_sample', true);
    // Same rule, same group grants: only the reviewer's own rule part and own grants are left.
    const beyond = accessBeyond(
      theirs,
      accessOf(policy, { kind: 'user', subject: otherReviewer }, 'lab.view_sample', true),
    );
    assert.equal(beyond.kind, 'some');
    if (beyond.kind === 'some')
      assert.deepEqual(
        beyond.parts.map((p) =>
          p.kind === 'rule' ? `rule ${p.rule.name} ${p.ownerId}` : `grants ${p.holder} ${p.ids.join()}`,
        ),
        ['rule owner views 2', 'grants user 2'],
      );
    // An outsider lacks the reviewers' rule and their group's grants too.
    const fromOutsider = accessBeyond(
      theirs,
      accessOf(policy, { kind: 'user', subject: outsider }, 'lab.view_sample', true),
    );
    assert.equal(fromOutsider.kind === 'some' && fromOutsider.parts.length, 4);
    // A model-level permission covers everything; a group gives only its rules and grants.
    assert.equal(
      accessBeyond(
        theirs,
        accessOf(
          policy,
          { kind: 'user', subject: subject(5, [], ['lab.view_sample']) },
          'lab.view_sample',
          true,
        ),
      ).kind,
      'none',
    );
    const reviewers = accessOf(
      policy,
      { kind: 'group', id: 8, name: 'Reviewers', permissions: new Set() },
      'lab.view_sample',
      true,
    );
    assert.deepEqual(reviewers.kind === 'some' && reviewers.parts.map((p) => p.kind), ['rule', 'grants']);
  });

  test('what an update of rule inputs gives: rules and grant conditions turning true, a new owner', () => {
    const draft = { id: 1, owner_id: 2, state: 'draft' };
    const done = { id: 1, owner_id: 2, state: 'done' };
    assert.deepEqual([...permsGainedByUpdate(policy, done, draft)], ['lab.change_sample']);
    assert.deepEqual([...permsGainedByUpdate(policy, draft, done)], []);
    assert.deepEqual([...permsGainedByUpdate(policy, done, { ...done, owner_id: 3 })].sort(), [
      'lab.view_sample',
    ]);
  });
});
