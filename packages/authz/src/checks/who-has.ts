import type { AuthzContext } from '../context.ts';
import { grantCounts } from '../grants/grant-condition.ts';
import { grantDb } from '../grants/grant-db.ts';
import type { ObjectPolicy } from '../objects/define-policy.ts';
import { permissionRows } from '../permissions/permission-cache.ts';
import { evaluate } from '../rules/conditions.ts';
import { loadRows } from './object-checks.ts';

/** Where a permission on an object comes from (the data behind guardian's "Object permissions" page). */
export type PermissionSource =
  | { kind: 'superuser' }
  | { kind: 'model-level'; group: string | null }
  | { kind: 'rule'; rule: string; group: string | null }
  | { kind: 'grant'; group: string | null; expiresAt: Date | null };

export interface HolderPermissions<H> {
  holder: H;
  permissions: { perm: string; sources: PermissionSource[] }[];
}

class Collector<H> {
  private readonly byKey = new Map<number, { holder: H; perms: Map<string, PermissionSource[]> }>();
  add(id: number, holder: H, perm: string, source: PermissionSource): void {
    const entry = this.byKey.get(id) ?? { holder, perms: new Map<string, PermissionSource[]>() };
    entry.perms.set(perm, [...(entry.perms.get(perm) ?? []), source]);
    this.byKey.set(id, entry);
  }
  result(): HolderPermissions<H>[] {
    return [...this.byKey.values()].map(({ holder, perms }) => ({
      holder,
      permissions: [...perms]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([perm, sources]) => ({ perm, sources })),
    }));
  }
}

type GroupRef = { id: number; name: string };

/** Groups holding any permission on the object, and how (model level, rule, grant). */
export async function getGroupsWithPerms(
  ctx: AuthzContext,
  target: { policy: ObjectPolicy; id: number },
): Promise<HolderPermissions<GroupRef>[]> {
  const { policy } = target;
  const row = (await loadRows(ctx, policy, [target.id])).get(target.id);
  if (!row) return [];
  const perms = await permissionRows(ctx);
  const byId = new Map(
    [...perms.values()].filter((p) => p.modelKey === policy.key).map((p) => [p.id, p.perm]),
  );
  const out = new Collector<GroupRef>();
  const groups = await ctx.db.selectFrom('authz_group').select(['id', 'name']).execute();
  const modelLevel = await ctx.db
    .selectFrom('authz_group_permission')
    .select(['group_id', 'permission_id'])
    .where('permission_id', 'in', [...byId.keys(), -1])
    .execute();
  const groupById = new Map(groups.map((g) => [g.id, g]));
  for (const r of modelLevel)
    out.add(r.group_id, groupById.get(r.group_id)!, byId.get(r.permission_id)!, {
      kind: 'model-level',
      group: null,
    });
  for (const rule of policy.rules) {
    if (rule.kind !== 'group' || (rule.when && !evaluate(rule.when, row))) continue;
    for (const g of groups.filter((x) => rule.groups.includes(x.name)))
      for (const perm of rule.permissions)
        out.add(g.id, g, perm, { kind: 'rule', rule: rule.name, group: null });
  }
  const now = ctx.now();
  const grants = await grantDb(ctx)
    .selectFrom(policy.groupGrantTable)
    .select(['group_id', 'permission_id', 'expires_at'])
    .where('object_id', '=', target.id)
    .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', now)]))
    .execute();
  for (const g of grants)
    if (grantCounts(policy, byId.get(g.permission_id)!, row))
      out.add(g.group_id, groupById.get(g.group_id)!, byId.get(g.permission_id)!, {
        kind: 'grant',
        group: null,
        expiresAt: g.expires_at === null ? null : new Date(Number(g.expires_at)),
      });
  return out.result();
}

type UserRef = { id: number; username: string };

/**
 * Active users holding any permission on the object, with every source. Rules that grant to
 * everyone are not expanded into every user: they are returned in `everyone`.
 */
export async function getUsersWithPerms(
  ctx: AuthzContext,
  target: { policy: ObjectPolicy; id: number },
): Promise<{
  users: HolderPermissions<UserRef>[];
  everyone: { perm: string; rule: string; anonymous: boolean }[];
}> {
  const { policy } = target;
  const row = (await loadRows(ctx, policy, [target.id])).get(target.id);
  if (!row) return { users: [], everyone: [] };
  const all = ctx.registry.permissionsOf(policy.model);
  const out = new Collector<UserRef>();
  const active = ctx.db.selectFrom('authz_user as u').where('u.is_active', '=', 1);
  for (const u of await active.select(['u.id', 'u.username']).where('u.is_superuser', '=', 1).execute())
    for (const perm of all) out.add(u.id, u, perm, { kind: 'superuser' });

  for (const rule of policy.rules) {
    if (rule.kind !== 'owner' || (rule.when && !evaluate(rule.when, row))) continue;
    const owner = await active
      .select(['u.id', 'u.username'])
      .where('u.id', '=', Number(row[rule.field]))
      .executeTakeFirst();
    if (owner)
      for (const perm of rule.permissions)
        out.add(owner.id, owner, perm, { kind: 'rule', rule: rule.name, group: null });
  }
  const perms = await permissionRows(ctx);
  const byId = new Map(
    [...perms.values()].filter((p) => p.modelKey === policy.key).map((p) => [p.id, p.perm]),
  );
  const direct = await active
    .innerJoin('authz_user_permission as up', 'up.user_id', 'u.id')
    .select(['u.id', 'u.username', 'up.permission_id'])
    .where('up.permission_id', 'in', [...byId.keys(), -1])
    .execute();
  for (const r of direct) out.add(r.id, r, byId.get(r.permission_id)!, { kind: 'model-level', group: null });
  const now = ctx.now();
  const userGrants = await grantDb(ctx)
    .selectFrom(policy.userGrantTable)
    .select(['user_id', 'permission_id', 'expires_at'])
    .where('object_id', '=', target.id)
    .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', now)]))
    .execute();
  const grantees = new Map(
    (
      await active
        .select(['u.id', 'u.username'])
        .where('u.id', 'in', [...userGrants.map((g) => g.user_id), -1])
        .execute()
    ).map((u) => [u.id, u]),
  );
  for (const g of userGrants) {
    const u = grantees.get(g.user_id);
    if (u && grantCounts(policy, byId.get(g.permission_id)!, row))
      out.add(u.id, u, byId.get(g.permission_id)!, {
        kind: 'grant',
        group: null,
        expiresAt: g.expires_at === null ? null : new Date(Number(g.expires_at)),
      });
  }

  // Everything a group holds reaches its active members, with the group named as the source.
  for (const { holder: group, permissions } of await getGroupsWithPerms(ctx, target)) {
    const members = await active
      .innerJoin('authz_user_group as ug', 'ug.user_id', 'u.id')
      .select(['u.id', 'u.username'])
      .where('ug.group_id', '=', group.id)
      .execute();
    for (const m of members)
      for (const { perm, sources } of permissions)
        for (const s of sources) out.add(m.id, m, perm, { ...s, group: group.name } as PermissionSource);
  }
  const everyone = policy.rules
    .filter((r) => r.kind === 'anyone' && (!r.when || evaluate(r.when, row)))
    .flatMap((r) =>
      r.permissions.map((perm) => ({ perm, rule: r.name, anonymous: r.kind === 'anyone' && r.anonymous })),
    );
  return { users: out.result(), everyone };
}
