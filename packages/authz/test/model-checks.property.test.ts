/**
 * SPEC §3.1 against a reference model: random users (active/superuser flags), groups,
 * memberships, user and group permissions, and removals, applied to the real kit and to a
 * few lines of plain TypeScript; every answer of hasPerm and friends must agree.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import fc from 'fast-check';
import { DIALECTS } from '../../../test-support/databases.ts';
import { ALL_PERMS, kitOn, type TestPerm } from './support/kit.ts';

type Action =
  | { op: 'join' | 'leave'; user: number; group: number }
  | { op: 'grantUser' | 'revokeUser'; user: number; perm: TestPerm }
  | { op: 'grantGroup' | 'revokeGroup'; group: number; perm: TestPerm }
  | { op: 'flags'; user: number; isActive: boolean; isSuperuser: boolean }
  | { op: 'deleteGroup'; group: number };

const MAX_USERS = 8;
const MAX_GROUPS = 4;
const perm = fc.constantFrom(...ALL_PERMS);
const user = fc.nat(MAX_USERS - 1);
const group = fc.nat(MAX_GROUPS - 1);
const action: fc.Arbitrary<Action> = fc.oneof(
  fc.record({ op: fc.constantFrom('join' as const, 'leave' as const), user, group }),
  fc.record({ op: fc.constantFrom('grantUser' as const, 'revokeUser' as const), user, perm }),
  fc.record({ op: fc.constantFrom('grantGroup' as const, 'revokeGroup' as const), group, perm }),
  fc.record({ op: fc.constant('flags' as const), user, isActive: fc.boolean(), isSuperuser: fc.boolean() }),
  fc.record({ op: fc.constant('deleteGroup' as const), group }),
);
const scenario = fc.record({
  users: fc.array(
    fc.record({ isActive: fc.boolean(), isSuperuser: fc.integer({ min: 0, max: 6 }).map((n) => n === 0) }),
    {
      minLength: 1,
      maxLength: MAX_USERS,
    },
  ),
  groups: fc.integer({ min: 0, max: MAX_GROUPS }),
  actions: fc.array(action, { maxLength: 40 }),
});

/** The reference: SPEC §3.1 in its plainest form. */
class Reference {
  users: { isActive: boolean; isSuperuser: boolean; perms: Set<string>; groups: Set<number> }[] = [];
  groups = new Map<number, Set<string>>();
  own(u: number): Set<string> {
    const x = this.users[u]!;
    if (!x.isActive) return new Set();
    return x.isSuperuser ? new Set(ALL_PERMS) : new Set(x.perms);
  }
  viaGroups(u: number): Set<string> {
    const x = this.users[u]!;
    if (!x.isActive) return new Set();
    if (x.isSuperuser) return new Set(ALL_PERMS);
    return new Set([...x.groups].flatMap((g) => [...(this.groups.get(g) ?? [])]));
  }
  has(u: number, p: string): boolean {
    const x = this.users[u]!;
    if (!x.isActive) return false;
    if (x.isSuperuser) return true;
    return this.own(u).has(p) || this.viaGroups(u).has(p);
  }
}

const RUNS = Number(process.env.PROPERTY_RUNS ?? 800);

for (const dialect of DIALECTS) {
  describe(`model-level contract vs reference (${dialect})`, () => {
    let kit: Awaited<ReturnType<typeof kitOn>>;
    before(async () => {
      kit = await kitOn(dialect);
    });
    after(() => kit.database.drop());

    test(`hasPerm, hasPerms, get*Permissions agree with the reference (${RUNS} random worlds)`, async () => {
      const { authz } = kit;
      let run = 0;
      let checked = 0;
      await fc.assert(
        fc.asyncProperty(scenario, async ({ users, groups, actions }) => {
          run += 1;
          const ref = new Reference();
          const userIds: number[] = [];
          for (const [i, u] of users.entries()) {
            const created = await authz.createUser({
              username: `r${run}u${i}`,
              isActive: u.isActive,
              isSuperuser: u.isSuperuser,
            });
            userIds.push(created.id);
            ref.users.push({ ...u, perms: new Set(), groups: new Set() });
          }
          const groupIds: (number | null)[] = [];
          for (let g = 0; g < groups; g++) {
            groupIds.push((await authz.createGroup(`r${run}g${g}`)).id);
            ref.groups.set(g, new Set());
          }
          for (const a of actions) {
            if ('user' in a && a.user >= users.length) continue;
            if ('group' in a && (a.group >= groups || groupIds[a.group] === null)) continue;
            switch (a.op) {
              case 'join':
                await authz.addMember(groupIds[a.group]!, userIds[a.user]!);
                ref.users[a.user]!.groups.add(a.group);
                break;
              case 'leave':
                await authz.removeMember(groupIds[a.group]!, userIds[a.user]!);
                ref.users[a.user]!.groups.delete(a.group);
                break;
              case 'grantUser':
                await authz.addUserPerms(userIds[a.user]!, [a.perm]);
                ref.users[a.user]!.perms.add(a.perm);
                break;
              case 'revokeUser':
                await authz.removeUserPerms(userIds[a.user]!, [a.perm]);
                ref.users[a.user]!.perms.delete(a.perm);
                break;
              case 'grantGroup':
                await authz.addGroupPerms(groupIds[a.group]!, [a.perm]);
                ref.groups.get(a.group)!.add(a.perm);
                break;
              case 'revokeGroup':
                await authz.removeGroupPerms(groupIds[a.group]!, [a.perm]);
                ref.groups.get(a.group)!.delete(a.perm);
                break;
              case 'flags':
                await authz.updateUser(userIds[a.user]!, {
                  isActive: a.isActive,
                  isSuperuser: a.isSuperuser,
                });
                Object.assign(ref.users[a.user]!, { isActive: a.isActive, isSuperuser: a.isSuperuser });
                break;
              case 'deleteGroup':
                await authz.deleteGroup(groupIds[a.group]!);
                groupIds[a.group] = null;
                ref.groups.delete(a.group);
                for (const u of ref.users) u.groups.delete(a.group);
                break;
            }
          }
          for (const [u, id] of userIds.entries()) {
            const subject = (await authz.loadSubject(id))!;
            for (const p of [...ALL_PERMS, 'lab.unknown_thing']) {
              assert.equal(await authz.hasPerm(subject, p as TestPerm), ref.has(u, p), `user ${u} ${p}`);
              checked += 1;
            }
            assert.deepEqual(await authz.getUserPerms(subject), ref.own(u));
            assert.deepEqual(await authz.getGroupPerms(subject), ref.viaGroups(u));
            assert.deepEqual(await authz.getAllPerms(subject), new Set([...ref.own(u), ...ref.viaGroups(u)]));
            const pair = [ALL_PERMS[u % ALL_PERMS.length]!, ALL_PERMS[(u * 7) % ALL_PERMS.length]!];
            assert.equal(
              await authz.hasPerms(subject, pair),
              pair.every((p) => ref.has(u, p)),
            );
          }
        }),
        { numRuns: RUNS, seed: Number(process.env.PROPERTY_SEED ?? Date.now() % 2 ** 31) },
      );
      console.log(`  ${dialect}: ${RUNS} worlds, ${checked} decisions compared`);
    });
  });
}
