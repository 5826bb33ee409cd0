import { recordAudit } from '../audit/record-audit.ts';
import type { AuthzContext } from '../context.ts';
import type { GroupView } from '../escalation/views.ts';
import { addMember, groupIdsOf, removeMember } from '../groups/memberships.ts';
import { decideMappedRoles, type RoleMapping } from './role-mapping.ts';

/** The allowed roles that exist, with their permissions (what `mappableGroup` judges). */
async function allowedGroups(ctx: AuthzContext, mapping: RoleMapping): Promise<GroupView[]> {
  if (mapping.allowedRoles.length === 0) return [];
  const groups = await ctx.db
    .selectFrom('authz_group')
    .select(['id', 'name'])
    .where('name', 'in', [...mapping.allowedRoles])
    .execute();
  if (groups.length === 0) return [];
  const perms = await ctx.db
    .selectFrom('authz_group_permission as x')
    .innerJoin('authz_permission as p', 'p.id', 'x.permission_id')
    .select(['x.group_id', 'p.app', 'p.codename'])
    .where(
      'x.group_id',
      'in',
      groups.map((g) => g.id),
    )
    .execute();
  return groups.map((g) => ({
    id: g.id,
    name: g.name,
    permissions: new Set(perms.filter((p) => p.group_id === g.id).map((p) => `${p.app}.${p.codename}`)),
  }));
}

/**
 * Brings the user's roles under the mapping's control to what the claim says now: adds the
 * granted ones, removes the controlled ones no longer granted, and leaves every other
 * membership alone. Audited as `auth.external_role_sync` when anything changed.
 */
export async function syncMappedRoles(
  ctx: AuthzContext,
  userId: number,
  values: readonly string[],
  mapping: RoleMapping | null,
  clientAddress: string | null,
): Promise<void> {
  if (!mapping) return;
  const groups = await allowedGroups(ctx, mapping);
  const { granted, controlled } = decideMappedRoles(values, mapping, groups);
  const current = new Set(await groupIdsOf(ctx, userId));
  const added = [...granted].filter((id) => !current.has(id));
  const removed = [...controlled].filter((id) => current.has(id) && !granted.has(id));
  if (added.length === 0 && removed.length === 0) return;
  for (const id of added) await addMember(ctx, id, userId);
  for (const id of removed) await removeMember(ctx, id, userId);
  const name = (id: number) => groups.find((g) => g.id === id)?.name ?? String(id);
  await recordAudit(ctx, {
    actorId: null,
    action: 'auth.external_role_sync',
    target: { type: 'auth.user', id: userId },
    before: { claim: mapping.claim, values: [...values].sort() },
    after: { added: added.map(name).sort(), removed: removed.map(name).sort() },
    clientAddress,
  });
}
