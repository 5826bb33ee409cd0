import assert from 'node:assert/strict';
import type { ResolvedAction, World } from './admin-world.ts';

const SUPERUSER = '*superuser*';

/** Stored permissions plus a marker for the superuser flag: everything an account "holds". */
function holdings(world: World, id: number): Set<string> {
  const held = world.stored(id);
  if (world.users.get(id)!.isSuperuser) held.add(SUPERUSER);
  return held;
}

function snapshotOf(world: World, id: number) {
  const u = world.users.get(id)!;
  return {
    isActive: u.isActive,
    isStaff: u.isStaff,
    isSuperuser: u.isSuperuser,
    own: [...u.own].sort(),
    groups: [...u.groups].sort(),
    stored: [...world.stored(id)].sort(),
  };
}

/** The accounts an action touches, when it changes something about them. */
function touchedAccounts(before: World, after: World, a: ResolvedAction): number[] {
  if (a.op === 'createUser' || a.op === 'createGroup' || a.op === 'renameGroup' || a.op === 'deleteGroup')
    return [];
  if (a.op === 'changeGroupPerms') return [];
  const id = a.targetId;
  const b = before.users.get(id)!;
  const x = after.users.get(id)!;
  const changed =
    JSON.stringify(snapshotOf(before, id)) !== JSON.stringify(snapshotOf(after, id)) ||
    b.email !== x.email ||
    b.passwordVersion !== x.passwordVersion;
  return changed ? [id] : [];
}

/**
 * SPEC §4 after one action of the non-superuser `actorId`: nobody gained a permission (or the
 * superuser flag) the actor lacked, the accounts it touched held nothing it lacked, and the
 * actor's own flags, groups and permissions did not change.
 */
export function assertNoEscalation(
  before: World,
  after: World,
  actorId: number,
  action: ResolvedAction,
  all: readonly string[],
  label: string,
): void {
  const actorPerms = before.effective(actorId, all);
  for (const id of after.users.keys()) {
    const old = before.users.has(id) ? holdings(before, id) : new Set<string>();
    for (const p of holdings(after, id))
      if (!old.has(p))
        assert.ok(actorPerms.has(p), `${label}: user ${id} gained ${p}, which actor ${actorId} lacks`);
    const oldEffective = before.users.has(id) ? before.effective(id, all) : new Set<string>();
    for (const p of after.effective(id, all))
      if (!oldEffective.has(p))
        assert.ok(actorPerms.has(p), `${label}: user ${id} may now ${p}, which actor ${actorId} lacks`);
  }
  for (const id of touchedAccounts(before, after, action)) {
    assert.ok(!before.users.get(id)!.isSuperuser, `${label}: actor ${actorId} changed superuser ${id}`);
    for (const p of before.stored(id))
      assert.ok(actorPerms.has(p), `${label}: actor ${actorId} changed user ${id}, who holds ${p}`);
  }
  assert.deepEqual(
    snapshotOf(after, actorId),
    snapshotOf(before, actorId),
    `${label}: the actor's own account changed`,
  );
}

/**
 * Groups, for a non-superuser actor: no group's permissions change; a group renamed or deleted
 * held nothing the actor lacks; declared roles' groups are neither made, renamed nor deleted.
 */
export function assertGroupsRespected(
  before: World,
  after: World,
  actorId: number,
  all: readonly string[],
  protectedNames: ReadonlySet<string>,
  label: string,
): void {
  const actorPerms = before.effective(actorId, all);
  for (const [id, g] of before.groups) {
    const now = after.groups.get(id);
    if (now)
      assert.deepEqual(
        [...now.perms].sort(),
        [...g.perms].sort(),
        `${label}: group ${id}'s permissions changed`,
      );
    if (now && now.name === g.name) continue;
    for (const p of g.perms)
      assert.ok(actorPerms.has(p), `${label}: group ${id} holding ${p} was renamed or deleted`);
    assert.ok(!protectedNames.has(g.name), `${label}: role group "${g.name}" was renamed or deleted`);
    if (now) assert.ok(!protectedNames.has(now.name), `${label}: a group was renamed to role "${now.name}"`);
  }
  for (const [id, g] of after.groups)
    if (!before.groups.has(id))
      assert.ok(!protectedNames.has(g.name), `${label}: role group "${g.name}" was created`);
}
