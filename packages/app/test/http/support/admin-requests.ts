import type { InjectOptions } from 'fastify';
import type { Perm } from '../../../src/authz/registry.ts';
import type { ResolvedAction, World } from '../../../../authz/test/support/admin-world.ts';

/** The model permission each admin route declares (its `config.access`). */
export function routePermission(a: ResolvedAction): Perm {
  switch (a.op) {
    case 'createUser':
      return 'auth.add_user';
    case 'createGroup':
      return 'auth.add_group';
    case 'renameGroup':
    case 'changeGroupPerms':
      return 'auth.change_group';
    case 'deleteGroup':
      return 'auth.delete_group';
    case 'updateUser':
    case 'setPassword':
    case 'changeGroups':
    case 'changeUserPerms':
      return 'auth.change_user';
  }
}

const setOf = <T>(current: Iterable<T>, add: readonly T[], remove: readonly T[]) =>
  [...new Set([...current, ...add])].filter((x) => !remove.includes(x));

/** The HTTP request that performs the action; null when it would be an empty PATCH. */
export function requestFor(world: World, a: ResolvedAction, unique: string): InjectOptions | null {
  switch (a.op) {
    case 'createUser': {
      const { isStaff, isActive, isSuperuser } = a;
      return {
        method: 'POST',
        url: '/api/admin/users',
        payload: { username: unique, isStaff, isActive, isSuperuser },
      };
    }
    case 'updateUser': {
      const payload = Object.fromEntries(
        (['email', 'isActive', 'isStaff', 'isSuperuser'] as const)
          .filter((k) => a[k] !== undefined)
          .map((k) => [k, a[k]]),
      );
      if (Object.keys(payload).length === 0) return null;
      return { method: 'PATCH', url: `/api/admin/users/${a.targetId}`, payload };
    }
    case 'setPassword':
      return {
        method: 'PUT',
        url: `/api/admin/users/${a.targetId}/password`,
        payload: { password: `password-${unique}` },
      };
    case 'changeGroups':
      return {
        method: 'PUT',
        url: `/api/admin/users/${a.targetId}/groups`,
        payload: { groups: setOf(world.users.get(a.targetId)!.groups, a.add, a.remove) },
      };
    case 'changeUserPerms':
      return {
        method: 'PUT',
        url: `/api/admin/users/${a.targetId}/permissions`,
        payload: { permissions: setOf(world.users.get(a.targetId)!.own, a.add, a.remove) },
      };
    case 'createGroup':
      return { method: 'POST', url: '/api/admin/groups', payload: { name: a.name } };
    case 'renameGroup':
      return { method: 'PATCH', url: `/api/admin/groups/${a.targetId}`, payload: { name: a.name } };
    case 'deleteGroup':
      return { method: 'DELETE', url: `/api/admin/groups/${a.targetId}` };
    case 'changeGroupPerms':
      return {
        method: 'PUT',
        url: `/api/admin/groups/${a.targetId}/permissions`,
        payload: { permissions: setOf(world.groups.get(a.targetId)!.perms, a.add, a.remove) },
      };
  }
}
