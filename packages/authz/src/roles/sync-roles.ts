import type { AuthzContext } from '../context.ts';
import { createGroup, findGroupByName } from '../groups/group.ts';
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
 * after {@link syncPermissions} in the same transaction; running it again changes nothing.
 * A group whose name is not declared is left alone, whatever it holds.
 */
export async function syncRoles(
  ctx: AuthzContext,
  roles: readonly RoleDefinition[],
): Promise<RoleSyncReport[]> {
  const reports: RoleSyncReport[] = [];
  for (const role of roles) {
    const existing = await findGroupByName(ctx, role.name);
    const group = existing ?? (await createGroup(ctx, role.name));
    const { added, removed } = await setPermissions(ctx, { kind: 'group', id: group.id }, role.permissions);
    reports.push({ role: role.name, created: !existing, added, removed });
  }
  return reports;
}
