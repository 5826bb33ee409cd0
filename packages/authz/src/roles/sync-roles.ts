import type { AuthzContext } from '../context.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { createGroup, findGroupByName, findLookAlikeGroup } from '../groups/group.ts';
import { nameSkeleton } from '../users/name-skeleton.ts';
import { setPermissions } from '../permissions/model-permissions.ts';
import type { RoleDefinition } from './define-roles.ts';

export interface RoleSyncReport {
  role: string;
  created: boolean;
  added: string[];
  removed: string[];
}

/**
 * Creates the declared roles' groups and sets their permissions to the declaration. Run it
 * after {@link syncPerms} in the same transaction; running it again changes nothing.
 * A group whose name is not declared is left alone, whatever it holds — also one whose name
 * merely looks like a role's (made before names were compared by skeleton): it keeps its name
 * and permissions, gives up its skeleton (`skeleton#id`, as the skeleton migration does) and the
 * role gets a group of its own. Every role created or changed is audited (actor: the system).
 */
export async function syncRoles(
  ctx: AuthzContext,
  roles: readonly RoleDefinition[],
): Promise<RoleSyncReport[]> {
  const reports: RoleSyncReport[] = [];
  for (const role of roles) {
    const existing = await findGroupByName(ctx, role.name);
    if (!existing) {
      const shadow = await findLookAlikeGroup(ctx, role.name);
      if (shadow)
        await ctx.db
          .updateTable('authz_group')
          .set({ name_skeleton: `${nameSkeleton(role.name)}#${shadow.id}` })
          .where('id', '=', shadow.id)
          .execute();
    }
    const group = existing ?? (await createGroup(ctx, role.name));
    const { added, removed } = await setPermissions(ctx, { kind: 'group', id: group.id }, role.permissions);
    reports.push({ role: role.name, created: !existing, added, removed });
    if (!existing || added.length + removed.length > 0)
      await recordAudit(ctx, {
        actorId: null,
        action: 'role.sync',
        target: { type: 'auth.group', id: group.id },
        before: existing ? { name: role.name, removed } : null,
        after: { name: role.name, permissions: [...role.permissions].sort(), added },
      });
  }
  return reports;
}
