/**
 * A plain in-memory model of accounts and groups, the admin actions that change them, and the
 * no-escalation policy asked about each: the reference for the escalation property tests
 * (in memory here, and against the real HTTP routes and database in the app's tests).
 */
import {
  type AccountView,
  type Decision,
  type GroupView,
  mayChangeGroupPerms,
  mayChangeMemberships,
  mayChangeUserPerms,
  mayCreateGroup,
  mayCreateUser,
  mayDeleteGroup,
  mayRenameGroup,
  maySetPassword,
  mayUpdateUser,
} from '../../src/index.ts';

export interface WorldUser {
  id: number;
  username: string;
  email: string;
  isActive: boolean;
  isStaff: boolean;
  isSuperuser: boolean;
  passwordVersion: number;
  own: Set<string>;
  groups: Set<number>;
}

export interface WorldGroup {
  id: number;
  name: string;
  perms: Set<string>;
}

/** Targets are indexes into the current users/groups (taken modulo their count), so actions are generated blind. */
export type AdminAction =
  | { op: 'createUser'; isStaff: boolean; isActive: boolean; isSuperuser: boolean }
  | {
      op: 'updateUser';
      target: number;
      email?: string;
      isActive?: boolean;
      isStaff?: boolean;
      isSuperuser?: boolean;
    }
  | { op: 'setPassword'; target: number }
  | { op: 'changeGroups'; target: number; add: number[]; remove: number[] }
  | { op: 'changeUserPerms'; target: number; add: string[]; remove: string[] }
  | { op: 'createGroup'; name: string }
  | { op: 'renameGroup'; group: number; name: string }
  | { op: 'deleteGroup'; group: number }
  | { op: 'changeGroupPerms'; group: number; add: string[]; remove: string[] };

export class World {
  users = new Map<number, WorldUser>();
  groups = new Map<number, WorldGroup>();

  clone(): World {
    const copy = new World();
    for (const [id, u] of this.users)
      copy.users.set(id, { ...u, own: new Set(u.own), groups: new Set(u.groups) });
    for (const [id, g] of this.groups) copy.groups.set(id, { ...g, perms: new Set(g.perms) });
    return copy;
  }

  /** Own ∪ groups' permissions, active or not (what the policy calls "holds"). */
  stored(id: number): Set<string> {
    const u = this.users.get(id)!;
    const perms = new Set(u.own);
    for (const g of u.groups) for (const p of this.groups.get(g)?.perms ?? []) perms.add(p);
    return perms;
  }

  /** SPEC §3.1: what the user may do now; `ALL` stands for a superuser's everything. */
  effective(id: number, all: readonly string[]): Set<string> {
    const u = this.users.get(id)!;
    if (!u.isActive) return new Set();
    return u.isSuperuser ? new Set(all) : this.stored(id);
  }

  view(id: number): AccountView {
    const u = this.users.get(id)!;
    return {
      id,
      isActive: u.isActive,
      isStaff: u.isStaff,
      isSuperuser: u.isSuperuser,
      permissions: this.stored(id),
      groupIds: new Set(u.groups),
    };
  }

  groupView(id: number): GroupView {
    const g = this.groups.get(id)!;
    return { id, name: g.name, permissions: new Set(g.perms) };
  }

  userAt(index: number): number {
    const ids = [...this.users.keys()];
    return ids[index % ids.length]!;
  }

  groupAt(index: number): number | undefined {
    const ids = [...this.groups.keys()];
    return ids.length === 0 ? undefined : ids[index % ids.length];
  }
}

/** The action with its indexes resolved to ids in this world; null when it names a group and there is none. */
export type ResolvedAction =
  | (Extract<AdminAction, { op: 'createUser' | 'createGroup' }> & { targetId?: undefined })
  | (Exclude<AdminAction, { op: 'createUser' | 'createGroup' }> & { targetId: number; groupIds?: number[] });

export function resolve(world: World, action: AdminAction): ResolvedAction | null {
  switch (action.op) {
    case 'createUser':
    case 'createGroup':
      return action;
    case 'updateUser':
    case 'setPassword':
      return { ...action, targetId: world.userAt(action.target) };
    case 'changeUserPerms': {
      // A permission both added and removed ends removed: "set" semantics, as the HTTP API's PUT.
      const remove = [...new Set(action.remove)];
      const add = [...new Set(action.add)].filter((p) => !remove.includes(p));
      return { ...action, add, remove, targetId: world.userAt(action.target) };
    }
    case 'changeGroups': {
      const ids = (xs: number[]) => [
        ...new Set(xs.map((x) => world.groupAt(x)).filter((x) => x !== undefined)),
      ];
      const remove = ids(action.remove);
      const add = ids(action.add).filter((g) => !remove.includes(g));
      return { ...action, targetId: world.userAt(action.target), add, remove };
    }
    case 'renameGroup':
    case 'deleteGroup':
      return resolveGroup(world, action);
    case 'changeGroupPerms': {
      const remove = [...new Set(action.remove)];
      const add = [...new Set(action.add)].filter((p) => !remove.includes(p));
      return resolveGroup(world, { ...action, add, remove });
    }
  }
}

function resolveGroup<A extends Extract<AdminAction, { group: number }>>(world: World, action: A) {
  const id = world.groupAt(action.group);
  return id === undefined ? null : { ...action, targetId: id };
}

/** The policy's decision on `action` by `actorId` in `world`. */
export function decide(
  world: World,
  actorId: number,
  a: ResolvedAction,
  protectedNames: ReadonlySet<string>,
): Decision {
  const actor = world.view(actorId);
  switch (a.op) {
    case 'createUser':
      return mayCreateUser(actor, a);
    case 'updateUser': {
      const { email, isActive, isStaff, isSuperuser } = a;
      return mayUpdateUser(actor, world.view(a.targetId), { email, isActive, isStaff, isSuperuser });
    }
    case 'setPassword':
      return maySetPassword(actor, world.view(a.targetId));
    case 'changeGroups':
      return mayChangeMemberships(actor, world.view(a.targetId), {
        add: a.add.map((g) => world.groupView(g)),
        remove: a.remove.map((g) => world.groupView(g)),
      });
    case 'changeUserPerms': {
      const own = world.users.get(a.targetId)!.own;
      return mayChangeUserPerms(actor, world.view(a.targetId), {
        add: a.add.filter((p) => !own.has(p)),
        remove: a.remove.filter((p) => own.has(p)),
      });
    }
    case 'createGroup':
      return mayCreateGroup(actor, a.name, protectedNames);
    case 'renameGroup':
      return mayRenameGroup(actor, world.groupView(a.targetId), a.name, protectedNames);
    case 'deleteGroup':
      return mayDeleteGroup(actor, world.groupView(a.targetId), protectedNames);
    case 'changeGroupPerms':
      return mayChangeGroupPerms(actor);
  }
}
