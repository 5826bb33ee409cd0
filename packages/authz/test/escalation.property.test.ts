/**
 * SPEC §4 (no escalation) on the pure policy: random worlds (superusers, inactive users,
 * groups, a declared role) and random sequences of admin actions by random non-superuser
 * staff. After every action the policy allowed, applied to a plain model of the data, nobody
 * holds a permission the actor lacked, no more privileged account or group was touched, and
 * the actor's own account is unchanged. The same actions go through the real HTTP routes and
 * database in packages/app/test/http/no-escalation.property.test.ts.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { mayChangeObjectGrant } from '../src/index.ts';
import { scenarioArb } from './support/admin-arbitraries.ts';
import { decide, resolve } from './support/admin-world.ts';
import { apply } from './support/admin-effects.ts';
import { buildWorld, ROLE_NAME } from './support/build-world.ts';
import { assertGroupsRespected, assertNoEscalation } from './support/escalation-invariants.ts';
import { ALL_PERMS } from './support/kit.ts';

const RUNS = Number(process.env.ESCALATION_RUNS ?? 10_000);
const PROTECTED = new Set([ROLE_NAME]);
// "G1" looks like "g1" and a lower-case role name like the role (one skeleton, issue 9).
const options = {
  perms: ALL_PERMS,
  groupNames: ['g1', 'g2', 'G1', 'fresh', ROLE_NAME, ROLE_NAME.toLowerCase()],
};

describe('no escalation: the pure policy on random action sequences', () => {
  test(`${RUNS} sequences by non-superuser staff never escalate`, () => {
    const allowed = new Map<string, number>();
    let actions = 0;
    fc.assert(
      fc.property(scenarioArb(options), (scenario) => {
        const { world, actorIds, nextUser, nextGroup } = buildWorld(scenario);
        for (const [step, { actor, action }] of scenario.actions.entries()) {
          const actorId = actorIds[actor % actorIds.length]!;
          const resolved = resolve(world, action);
          if (!resolved) continue;
          actions += 1;
          const decision = decide(world, actorId, resolved, PROTECTED);
          const label = `step ${step} ${JSON.stringify(resolved)}`;
          if (!world.users.get(actorId)!.isActive)
            assert.equal(decision.allowed, false, `${label}: inactive actor allowed`);
          if (!decision.allowed) continue;
          const before = world.clone();
          if (apply(world, resolved, { nextUser, nextGroup }) === 'conflict') continue;
          allowed.set(resolved.op, (allowed.get(resolved.op) ?? 0) + 1);
          assertNoEscalation(before, world, actorId, resolved, ALL_PERMS, label);
          assertGroupsRespected(before, world, actorId, ALL_PERMS, PROTECTED, label);
        }
      }),
      { numRuns: RUNS, seed: Number(process.env.PROPERTY_SEED ?? Date.now() % 2 ** 31) },
    );
    console.log(
      `  ${RUNS} sequences, ${actions} actions, allowed: ${JSON.stringify(Object.fromEntries(allowed))}`,
    );
    // The policy is not vacuous: every kind of change a non-superuser may make happened.
    for (const op of [
      'createUser',
      'updateUser',
      'setPassword',
      'changeGroups',
      'changeUserPerms',
      'createGroup',
      'renameGroup',
      'deleteGroup',
    ])
      assert.ok((allowed.get(op) ?? 0) > 0, `no ${op} was ever allowed`);
    assert.equal(allowed.get('changeGroupPerms') ?? 0, 0, "a non-superuser changed a group's permissions");
  });

  test('object grants: only what the actor holds on the object, never to itself', () => {
    fc.assert(
      fc.property(
        fc.record({
          active: fc.boolean(),
          superuser: fc.boolean(),
          holds: fc.boolean(),
          self: fc.boolean(),
          group: fc.boolean(),
        }),
        ({ active, superuser, holds, self, group }) => {
          const actor = {
            id: 1,
            isActive: active,
            isStaff: true,
            isSuperuser: superuser,
            permissions: new Set<string>(),
            groupIds: new Set<number>(),
          };
          const decision = mayChangeObjectGrant(actor, {
            permission: 'lab.view_sample',
            actorHoldsOnObject: holds,
            grantee: group ? { kind: 'group', id: 1 } : { kind: 'user', id: self ? 1 : 2 },
          });
          const expected = active && (superuser || (holds && (group || !self)));
          assert.equal(decision.allowed, expected);
        },
      ),
      { numRuns: 200 },
    );
  });
});
