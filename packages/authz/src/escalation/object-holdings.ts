import { type Kysely, sql } from 'kysely';
import type { AuthzContext } from '../context.ts';
import { accessBeyond, accessOf, accessSql, type Principal } from '../checks/access-parts.ts';
import { loadSubject } from '../checks/subject.ts';
import { AuthzError, notFound } from '../errors.ts';
import type { GrantHolder } from '../grants/assign.ts';
import { objectPermissionsOf } from '../grants/grant-facts.ts';
import { asActive } from '../grants/holder-sources.ts';
import { permissionRows } from '../permissions/permission-cache.ts';
import { permissionsOf } from '../permissions/model-permissions.ts';

async function principalOf(ctx: AuthzContext, holder: GrantHolder): Promise<Principal> {
  if ('user' in holder) {
    const subject = await loadSubject(ctx, holder.user);
    if (!subject) throw notFound(`user ${holder.user}`, 'user');
    return { kind: 'user', subject: asActive(subject) };
  }
  const group = await ctx.db
    .selectFrom('authz_group')
    .select(['id', 'name'])
    .where('id', '=', holder.group)
    .executeTakeFirst();
  if (!group) throw notFound(`group ${holder.group}`, 'group');
  return {
    kind: 'group',
    ...group,
    permissions: new Set(await permissionsOf(ctx, { kind: 'group', id: group.id })),
  };
}

/**
 * SPEC §4, "object permissions count as holdings everywhere": the first object permission that
 * `holder` holds on some object — through grants, rules or roles, as if it were active — and
 * the actor does not hold there; undefined when there is none. A password reset, an e-mail or
 * flag change, or a membership would otherwise be a way to borrow that access.
 *
 * Decided in SQL, inside the caller's transaction: per permission, the set difference of the
 * two holdings, `EXISTS (… WHERE holder's access AND NOT actor's access)`, with what both hold
 * identically (the same rule, grants to the same holder) dropped before any SQL runs. Nothing is
 * loaded into memory but the two principals.
 */
export async function objectHoldingActorLacks(
  ctx: AuthzContext,
  actorId: number,
  holder: GrantHolder,
): Promise<string | undefined> {
  const actor = await loadSubject(ctx, actorId);
  if (!actor) throw new AuthzError('UNAUTHENTICATED', 'the acting account no longer exists');
  if (actor.user.isActive && actor.user.isSuperuser) return undefined;
  const target = await principalOf(ctx, holder);
  const rows = await permissionRows(ctx);
  const now = ctx.now();
  for (const policy of ctx.policies.values()) {
    for (const perm of objectPermissionsOf(ctx, policy)) {
      const permission = rows.get(perm);
      const grant = { perm, permissionId: permission?.id, now };
      const theirs = accessOf(policy, target, perm, permission !== undefined);
      const mine = accessOf(policy, { kind: 'user', subject: actor }, perm, permission !== undefined);
      const beyond = accessBeyond(theirs, mine);
      if (beyond.kind === 'none') continue;
      const found = await (ctx.db as unknown as Kysely<Record<string, { id: number }>>)
        .selectFrom(`${policy.table} as t`)
        .select(sql<number>`1`.as('one'))
        .where(accessSql(policy, beyond, grant, 't'))
        .where(sql<boolean>`not (${accessSql(policy, mine, grant, 't')})`)
        .limit(1)
        .executeTakeFirst();
      if (found) return `${perm} on some ${policy.model.label}`;
    }
  }
  return undefined;
}
