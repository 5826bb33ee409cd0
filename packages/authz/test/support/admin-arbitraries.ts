import fc from 'fast-check';
import type { AdminAction } from './admin-world.ts';

/** Admin-relevant permissions are drawn more often, so actors often may act at all. */
export const ADMIN_PERMS = [
  'auth.add_user',
  'auth.change_user',
  'auth.view_user',
  'auth.add_group',
  'auth.change_group',
  'auth.delete_group',
] as const;

export interface ScenarioOptions {
  perms: readonly string[];
  /** Names for new and renamed groups; include the protected ones to test them. */
  groupNames: readonly string[];
  maxUsers?: number;
  maxGroups?: number;
  maxActions?: number;
}

const some = <T>(items: readonly T[], max: number) => fc.subarray([...items], { maxLength: max });
const index = fc.nat(50);

export function actionArb(o: ScenarioOptions): fc.Arbitrary<AdminAction> {
  const perms = some(o.perms, 3);
  const flag = fc.option(fc.boolean(), { nil: undefined });
  return fc.oneof(
    fc.record({
      op: fc.constant('createUser' as const),
      isStaff: fc.boolean(),
      isActive: fc.boolean(),
      isSuperuser: fc.boolean(),
    }),
    fc.record(
      {
        op: fc.constant('updateUser' as const),
        target: index,
        email: fc.option(fc.constantFrom('', 'a@example.org', 'b@example.org'), { nil: undefined }),
        isActive: flag,
        isStaff: flag,
        isSuperuser: flag,
      },
      { requiredKeys: ['op', 'target'] },
    ),
    fc.record({ op: fc.constant('setPassword' as const), target: index }),
    fc.record({
      op: fc.constant('changeGroups' as const),
      target: index,
      add: fc.array(index, { maxLength: 2 }),
      remove: fc.array(index, { maxLength: 2 }),
    }),
    fc.record({ op: fc.constant('changeUserPerms' as const), target: index, add: perms, remove: perms }),
    fc.record({ op: fc.constant('createGroup' as const), name: fc.constantFrom(...o.groupNames) }),
    fc.record({
      op: fc.constant('renameGroup' as const),
      group: index,
      name: fc.constantFrom(...o.groupNames),
    }),
    fc.record({ op: fc.constant('deleteGroup' as const), group: index }),
    fc.record({ op: fc.constant('changeGroupPerms' as const), group: index, add: perms, remove: perms }),
  );
}

/** A starting world (users of every kind, groups, and non-superuser staff actors) and a sequence of actions. */
export function scenarioArb(o: ScenarioOptions) {
  // Actors hold a few permissions, or nearly all: the latter may act on most accounts, so
  // allowed actions (where escalation could happen) are frequent.
  const nearlyAll = fc.subarray([...o.perms], { minLength: Math.max(0, o.perms.length - 2) });
  const heldPerms = fc.oneof(some(o.perms, 3), some(ADMIN_PERMS, 6), nearlyAll);
  const groupIndexes = fc.array(fc.nat(o.maxGroups ?? 4), { maxLength: 2 });
  return fc.record({
    users: fc.array(
      fc.record({
        isActive: fc.integer({ min: 0, max: 4 }).map((n) => n > 0),
        isStaff: fc.boolean(),
        isSuperuser: fc.integer({ min: 0, max: 5 }).map((n) => n === 0),
        own: some(o.perms, 3),
        groups: groupIndexes,
      }),
      { minLength: 1, maxLength: o.maxUsers ?? 5 },
    ),
    groups: fc.array(
      fc.record({
        perms: some(o.perms, 3),
        protectedName: fc.integer({ min: 0, max: 5 }).map((n) => n === 0),
      }),
      {
        maxLength: o.maxGroups ?? 4,
      },
    ),
    actors: fc.array(
      fc.record({
        isActive: fc.integer({ min: 0, max: 9 }).map((n) => n > 0),
        own: fc.tuple(heldPerms, some(ADMIN_PERMS, 6)).map(([a, b]) => [...new Set([...a, ...b])]),
        groups: groupIndexes,
      }),
      { minLength: 1, maxLength: 2 },
    ),
    actions: fc.array(fc.record({ actor: fc.nat(1), action: actionArb(o) }), {
      minLength: 1,
      maxLength: o.maxActions ?? 10,
    }),
  });
}

export type Scenario = ReturnType<typeof scenarioArb> extends fc.Arbitrary<infer S> ? S : never;
