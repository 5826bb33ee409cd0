import { nameSkeleton } from '../../src/index.ts';
import type { ResolvedAction, World } from './admin-world.ts';

/** What the real system does after the policy allowed an action; 'conflict' when a name is taken. */
export function apply(
  world: World,
  a: ResolvedAction,
  ids: { nextUser: () => number; nextGroup: () => number },
): 'done' | 'conflict' {
  // Group names are unique by skeleton: a look-alike of a taken name is taken (TR39).
  const nameTaken = (name: string, except?: number) =>
    [...world.groups.values()].some((g) => nameSkeleton(g.name) === nameSkeleton(name) && g.id !== except);
  switch (a.op) {
    case 'createUser': {
      const id = ids.nextUser();
      world.users.set(id, {
        id,
        username: `new${id}`,
        email: '',
        isActive: a.isActive,
        isStaff: a.isStaff,
        isSuperuser: a.isSuperuser,
        passwordVersion: 0,
        own: new Set(),
        groups: new Set(),
      });
      return 'done';
    }
    case 'updateUser': {
      const u = world.users.get(a.targetId)!;
      if (a.email !== undefined) u.email = a.email;
      if (a.isActive !== undefined) u.isActive = a.isActive;
      if (a.isStaff !== undefined) u.isStaff = a.isStaff;
      if (a.isSuperuser !== undefined) u.isSuperuser = a.isSuperuser;
      return 'done';
    }
    case 'setPassword':
      world.users.get(a.targetId)!.passwordVersion += 1;
      return 'done';
    case 'changeGroups': {
      const u = world.users.get(a.targetId)!;
      for (const g of a.add) u.groups.add(g);
      for (const g of a.remove) u.groups.delete(g);
      return 'done';
    }
    case 'changeUserPerms': {
      const u = world.users.get(a.targetId)!;
      for (const p of a.add) u.own.add(p);
      for (const p of a.remove) u.own.delete(p);
      return 'done';
    }
    case 'createGroup': {
      if (nameTaken(a.name)) return 'conflict';
      const id = ids.nextGroup();
      world.groups.set(id, { id, name: a.name, perms: new Set() });
      return 'done';
    }
    case 'renameGroup':
      if (nameTaken(a.name, a.targetId)) return 'conflict';
      world.groups.get(a.targetId)!.name = a.name;
      return 'done';
    case 'deleteGroup':
      world.groups.delete(a.targetId);
      for (const u of world.users.values()) u.groups.delete(a.targetId);
      return 'done';
    case 'changeGroupPerms': {
      const g = world.groups.get(a.targetId)!;
      for (const p of a.add) g.perms.add(p);
      for (const p of a.remove) g.perms.delete(p);
      return 'done';
    }
  }
}
