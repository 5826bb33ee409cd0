import { World } from './admin-world.ts';
import type { Scenario } from './admin-arbitraries.ts';

export const ROLE_NAME = 'Role A';

/** The scenario's starting world in memory; returns the world and the actors' ids. */
export function buildWorld(s: Scenario): {
  world: World;
  actorIds: number[];
  nextUser: () => number;
  nextGroup: () => number;
} {
  const world = new World();
  let groupId = 0;
  let userId = 0;
  let roleUsed = false;
  for (const g of s.groups) {
    groupId += 1;
    const name: string = g.protectedName && !roleUsed ? ROLE_NAME : `g${groupId}`;
    roleUsed ||= name === ROLE_NAME;
    world.groups.set(groupId, { id: groupId, name, perms: new Set(g.perms) });
  }
  const groupsOf = (indexes: number[]) => new Set(groupId === 0 ? [] : indexes.map((i) => (i % groupId) + 1));
  for (const u of s.users) {
    userId += 1;
    world.users.set(userId, {
      id: userId,
      username: `u${userId}`,
      email: '',
      passwordVersion: 0,
      ...u,
      own: new Set(u.own),
      groups: groupsOf(u.groups),
    });
  }
  const actorIds: number[] = [];
  for (const a of s.actors) {
    userId += 1;
    actorIds.push(userId);
    world.users.set(userId, {
      id: userId,
      username: `actor${userId}`,
      email: '',
      passwordVersion: 0,
      isActive: a.isActive,
      isStaff: true,
      isSuperuser: false,
      own: new Set(a.own),
      groups: groupsOf(a.groups),
    });
  }
  return { world, actorIds, nextUser: () => (userId += 1), nextGroup: () => (groupId += 1) };
}
