import type { AuthzContext } from '../context.ts';
import { applicableRules, ruleMatches } from '../checks/object-decision.ts';
import { loadSubject, type Subject } from '../checks/subject.ts';
import type { ObjectPolicy } from '../objects/define-policy.ts';
import { requirePermission } from '../permissions/permission-cache.ts';
import { permissionsOf } from '../permissions/model-permissions.ts';
import type { Row } from '../rules/conditions.ts';
import type { GrantHolder } from './assign.ts';
import { grantCounts } from './grant-condition.ts';
import { grantDb } from './grant-db.ts';

/** The account as if active: "holds" is what reactivating it would give back (SPEC §4). */
export function asActive(subject: Subject): Subject {
  return subject.user.isActive ? subject : { ...subject, user: { ...subject.user, isActive: true } };
}

/**
 * Where else than in its own grant a holder gets `perm` on this row: superuser, model-level
 * permissions (own or a group's), rules, grants to its groups. A revocation of a grant the
 * holder does not have cannot take these away, so it is refused naming them (issue 8: "grants
 * that mean what they say"). Empty when the holder does not hold `perm` otherwise.
 */
export async function otherSources(
  ctx: AuthzContext,
  policy: ObjectPolicy,
  holder: GrantHolder,
  perm: string,
  row: Row,
): Promise<string[]> {
  if ('group' in holder) {
    const name = (
      await ctx.db.selectFrom('authz_group').select('name').where('id', '=', holder.group).executeTakeFirst()
    )?.name;
    const modelLevel = (await permissionsOf(ctx, { kind: 'group', id: holder.group })).includes(perm);
    const rules = policy.rules.filter(
      (r) =>
        r.kind === 'group' &&
        name !== undefined &&
        r.groups.includes(name) &&
        (r.permissions as readonly string[]).includes(perm) &&
        ruleMatches(r, null, row),
    );
    return [...(modelLevel ? ['a model-level permission'] : []), ...rules.map((r) => `rule "${r.name}"`)];
  }
  const loaded = await loadSubject(ctx, holder.user);
  if (!loaded) return [];
  const subject = asActive(loaded);
  const sources: string[] = [];
  if (subject.user.isSuperuser) sources.push('the superuser flag');
  if (subject.ownPermissions.has(perm)) sources.push('a model-level permission');
  for (const group of subject.groupPermissions.get(perm) ?? [])
    sources.push(`a model-level permission of group "${group}"`);
  for (const rule of applicableRules(policy, subject, perm))
    if (ruleMatches(rule, subject, row)) sources.push(`rule "${rule.name}"`);
  const groupIds = subject.groups.map((g) => g.id);
  if (groupIds.length > 0 && grantCounts(policy, perm, row)) {
    const permission = await requirePermission(ctx, perm);
    const now = ctx.now();
    const grants = await grantDb(ctx)
      .selectFrom(policy.groupGrantTable)
      .select('group_id')
      .where('object_id', '=', Number(row.id))
      .where('permission_id', '=', permission.id)
      .where('group_id', 'in', groupIds)
      .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', now)]))
      .execute();
    for (const g of grants)
      sources.push(`a grant to group "${subject.groups.find((x) => x.id === g.group_id)!.name}"`);
  }
  return sources;
}
