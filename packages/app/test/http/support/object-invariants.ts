import assert from 'node:assert/strict';
import { CHANGE, DELETE, OBJECT_PERMS, type RefState } from './object-world.ts';

/**
 * Issue 8's invariants after one action of the non-superuser `actorId`, on the states read
 * back from the database before and after it (SPEC §3.3, §4):
 * 1. nobody holds a model or object permission it did not hold before unless the actor held it;
 * 2. no grant made by the actor is to itself or to a group it belongs to;
 * 3. no public experiment is changeable or deletable except through a model-level permission;
 * 4. an account whose password or groups the actor changed held nothing the actor lacked.
 */
export function assertObjectInvariants(
  before: RefState,
  after: RefState,
  actorId: number,
  label: string,
): void {
  for (const [id, user] of after.users) {
    if (!before.users.has(id)) continue;
    for (const p of after.stored(id))
      if (!before.stored(id).has(p))
        assert.ok(
          before.modelHas(actorId, p),
          `${label}: user ${id} gained ${p}, which actor ${actorId} lacked`,
        );
    for (const e of after.experiments.keys())
      for (const p of OBJECT_PERMS)
        if (after.has(id, p, e, true) && !before.has(id, p, e, true))
          assert.ok(
            before.has(actorId, p, e),
            `${label}: user ${id} gained ${p} on experiment ${e}, which actor ${actorId} lacked`,
          );
    const old = before.users.get(id)!;
    const touched =
      old.passwordHash !== user.passwordHash ||
      [...old.groups].sort().join() !== [...user.groups].sort().join();
    if (touched && id !== actorId) {
      assert.ok(!old.isSuperuser, `${label}: actor ${actorId} changed superuser ${id}`);
      for (const p of before.stored(id))
        assert.ok(
          before.modelHas(actorId, p),
          `${label}: actor ${actorId} changed user ${id}, who holds ${p}`,
        );
      const lacking = before.holdingActorLacks(actorId, (p, e) => before.has(id, p, e, true));
      assert.equal(lacking, null, `${label}: actor ${actorId} changed user ${id}, who holds ${lacking}`);
    }
  }
  const actorGroups = before.users.get(actorId)!.groups;
  for (const [key, until] of after.grants) {
    if (before.grants.get(key) === until && before.grants.has(key)) continue;
    const [kind, holder] = key.split(':');
    assert.ok(
      kind === 'u' ? Number(holder) !== actorId : !actorGroups.has(Number(holder)),
      `${label}: actor ${actorId} made grant ${key} to itself or its own group`,
    );
  }
  for (const e of after.experiments.values()) {
    if (e.status !== 'public') continue;
    for (const [id, user] of after.users)
      for (const p of [CHANGE, DELETE])
        if (after.has(id, p, e.id))
          assert.ok(
            user.isSuperuser || after.stored(id).has(p),
            `${label}: user ${id} may ${p} public experiment ${e.id} without a model-level permission`,
          );
  }
}
