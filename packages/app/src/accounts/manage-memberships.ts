import { AuthzError, type GroupView, mayChangeMemberships, mayChangeUserPerms } from '@batterydb/authz';
import type { Perm } from '../authz/registry.ts';
import {
  type AdminCall,
  audit,
  ensure,
  inAdminTransaction,
  loadAccount,
  loadGroup,
  type Tx,
} from './admin-call.ts';

const groupList = async (tx: Tx, ids: Iterable<number>) =>
  (await Promise.all([...ids].map((id) => loadGroup(tx, id))))
    .map((g) => ({ id: g.id, name: g.name }))
    .sort((a, b) => a.id - b.id);

/**
 * Adds a user to groups and removes them from others (a change to the user, so
 * `auth.change_user`), after the no-escalation policy agreed. Returns the user's group ids.
 */
export function changeAccountGroups(
  call: AdminCall,
  userId: number,
  change: { add: readonly number[]; remove: readonly number[] } | { set: readonly number[] },
  field = 'groups',
): Promise<number[]> {
  return inAdminTransaction(call, async (tx, actor) => {
    const target = await loadAccount(tx, userId, call.actorId);
    const load = (ids: readonly number[]): Promise<GroupView[]> =>
      Promise.all(ids.map((id) => loadGroup(tx, id, field)));
    const { add: addIds, remove: removeIds } =
      'set' in change
        ? {
            add: change.set,
            remove: [...target.groupIds].filter((id) => !change.set.includes(id)),
          }
        : change;
    // Only groups joined can give anything: their object holdings are compared with the actor's.
    const add = await Promise.all(
      addIds.filter((id) => !target.groupIds.has(id)).map((id) => loadGroup(tx, id, field, call.actorId)),
    );
    const remove = (await load(removeIds)).filter((g) => target.groupIds.has(g.id));
    ensure(mayChangeMemberships(actor, target, { add, remove }));
    for (const group of add) await tx.addMember(group.id, userId);
    for (const group of remove) await tx.removeMember(group.id, userId);
    const after = new Set(target.groupIds);
    for (const g of add) after.add(g.id);
    for (const g of remove) after.delete(g.id);
    if (add.length + remove.length > 0)
      await audit(tx, call, {
        action: 'user.groups',
        target: { type: 'auth.user', id: userId },
        before: await groupList(tx, target.groupIds),
        after: await groupList(tx, after),
      });
    return [...after].sort((a, b) => a - b);
  });
}

/** Brings a user's own (direct) permissions to exactly `perms`. */
export function setAccountPermissions(
  call: AdminCall,
  userId: number,
  perms: readonly string[],
): Promise<string[]> {
  return inAdminTransaction(call, async (tx, actor) => {
    const unknown = perms.find((p) => !tx.registry.isPermission(p));
    if (unknown !== undefined)
      throw new AuthzError('INVALID_INPUT', `unknown permission "${unknown}"`, 'permissions');
    const target = await loadAccount(tx, userId, call.actorId);
    const current = new Set(await tx.userPermissionRows(userId));
    const wanted = new Set(perms);
    const add = perms.filter((p) => !current.has(p)) as Perm[];
    const remove = [...current].filter((p) => !wanted.has(p) && tx.registry.isPermission(p)) as Perm[];
    ensure(mayChangeUserPerms(actor, target, { add, remove }));
    await tx.addUserPerms(userId, add);
    await tx.removeUserPerms(userId, remove);
    const after = await tx.userPermissionRows(userId);
    if (add.length + remove.length > 0)
      await audit(tx, call, {
        action: 'user.permissions',
        target: { type: 'auth.user', id: userId },
        before: [...current].sort(),
        after,
      });
    return after;
  });
}
