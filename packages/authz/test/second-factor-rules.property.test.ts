/**
 * Who may remove another user's second factor (issue 27), against a reference written from
 * SPEC §4 without the kit's helpers: removing the factor weakens the account's sign-in like a
 * password reset, so the actor must be active, hold `auth.change_user` (superusers hold
 * everything), not be the target (one's own factor needs proof, on the account page), and — unless
 * an active superuser — the target must be no superuser and hold nothing (model or object
 * permission) the actor lacks. Random accounts; and the rule never differs from `maySetPassword`.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { type AccountView, mayRemoveSecondFactor, maySetPassword } from '../src/index.ts';

const PERMS = ['auth.change_user', 'auth.view_user', 'lab.view_sample', 'lab.delete_sample'] as const;

const accountArb = (id: fc.Arbitrary<number>) =>
  fc.record({
    id,
    isActive: fc.boolean(),
    isStaff: fc.boolean(),
    isSuperuser: fc.boolean(),
    permissions: fc.subarray([...PERMS]).map((p) => new Set<string>(p)),
    groupIds: fc.constant(new Set<number>()),
    objectHoldingActorLacks: fc.option(fc.constant('lab.change_sample'), { nil: undefined }),
  }) satisfies fc.Arbitrary<AccountView>;

function reference(actor: AccountView, target: AccountView): boolean {
  if (!actor.isActive) return false;
  const holds = (perm: string) => actor.isSuperuser || actor.permissions.has(perm);
  if (!holds('auth.change_user')) return false;
  if (actor.id === target.id) return false;
  if (actor.isSuperuser) return true;
  if (target.isSuperuser) return false;
  for (const perm of target.permissions) if (!holds(perm)) return false;
  return target.objectHoldingActorLacks === undefined;
}

test('mayRemoveSecondFactor ≡ the SPEC §4 reference, and ≡ maySetPassword on another account', () => {
  fc.assert(
    fc.property(
      accountArb(fc.integer({ min: 1, max: 3 })),
      accountArb(fc.integer({ min: 1, max: 3 })),
      (actor, target) => {
        const decision = mayRemoveSecondFactor(actor, target);
        assert.equal(
          decision.allowed,
          reference(actor, target),
          JSON.stringify({ actor, target, decision }, (_k, v: unknown) =>
            v instanceof Set ? [...(v as Set<unknown>)] : v,
          ),
        );
        if (actor.id !== target.id) assert.equal(decision.allowed, maySetPassword(actor, target).allowed);
        if (!decision.allowed) assert.ok(decision.field.length > 0, 'a denial names its field');
      },
    ),
    { numRuns: 5000 },
  );
});
