import {
  type Group,
  mayChangeGroupPerms,
  mayCreateGroup,
  mayDeleteGroup,
  mayRenameGroup,
} from '@batterydb/authz';
import type { Perm } from '../authz/registry.ts';
import { type AdminCall, audit, ensure, inAdminTransaction, loadGroup, ROLE_NAMES } from './admin-call.ts';
import { AuthzError } from '@batterydb/authz';

export function createGroupAs(call: AdminCall, name: string): Promise<Group> {
  return inAdminTransaction(call, async (tx, actor) => {
    ensure(mayCreateGroup(actor, name.trim(), ROLE_NAMES));
    const group = await tx.createGroup(name);
    await audit(tx, call, {
      action: 'group.create',
      target: { type: 'auth.group', id: group.id },
      before: null,
      after: { name: group.name },
    });
    return group;
  });
}

export function renameGroupAs(call: AdminCall, groupId: number, name: string): Promise<Group> {
  return inAdminTransaction(call, async (tx, actor) => {
    const group = await loadGroup(tx, groupId, 'group', call.actorId);
    ensure(mayRenameGroup(actor, group, name.trim(), ROLE_NAMES));
    const renamed = await tx.renameGroup(groupId, name);
    if (renamed.name !== group.name)
      await audit(tx, call, {
        action: 'group.rename',
        target: { type: 'auth.group', id: groupId },
        before: { name: group.name },
        after: { name: renamed.name },
      });
    return renamed;
  });
}

/** Deletes a group; its members lose what it gave them (recorded with the members' ids). */
export function deleteGroupAs(call: AdminCall, groupId: number): Promise<void> {
  return inAdminTransaction(call, async (tx, actor) => {
    const group = await loadGroup(tx, groupId, 'group', call.actorId);
    ensure(mayDeleteGroup(actor, group, ROLE_NAMES));
    const members = await tx.memberIdsOf(groupId);
    await tx.deleteGroup(groupId);
    await audit(tx, call, {
      action: 'group.delete',
      target: { type: 'auth.group', id: groupId },
      before: { name: group.name, permissions: [...group.permissions].sort(), members },
      after: null,
    });
  });
}

/** Brings a group's permissions to exactly `perms` (superusers only, SPEC §4). */
export function setGroupPermissionsAs(
  call: AdminCall,
  groupId: number,
  perms: readonly string[],
): Promise<string[]> {
  return inAdminTransaction(call, async (tx, actor) => {
    const group = await loadGroup(tx, groupId);
    ensure(mayChangeGroupPerms(actor));
    const unknown = perms.find((p) => !tx.registry.isPermission(p));
    if (unknown !== undefined)
      throw new AuthzError('INVALID_INPUT', `unknown permission "${unknown}"`, 'permissions');
    const { added, removed } = await tx.setGroupPerms(groupId, perms as Perm[]);
    const after = await tx.groupPermissionRows(groupId);
    if (added.length + removed.length > 0)
      await audit(tx, call, {
        action: 'group.permissions',
        target: { type: 'auth.group', id: groupId },
        before: [...group.permissions].sort(),
        after,
      });
    return after;
  });
}
