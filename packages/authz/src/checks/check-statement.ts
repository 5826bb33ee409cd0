import { type Expression, type Kysely, type SqlBool, sql } from 'kysely';
import type { AuthzContext } from '../context.ts';
import { bindSlots, compileKey, type CompiledSlots, compileWithSlots } from '../db/prepared.ts';
import { notFound } from '../errors.ts';
import { grantConditionSql } from '../grants/grant-condition.ts';
import type { ObjectPolicy } from '../objects/define-policy.ts';
import { permissionRows } from '../permissions/permission-cache.ts';
import { FALSE, TRUE } from '../rules/conditions.ts';
import type { Rule } from '../rules/rule.ts';
import { grantTableOf, liveGrantSql, ruleRowSql } from './rule-sql.ts';

/**
 * A cold check — a user id and an object id, nothing loaded — as ONE statement: SPEC §3.2 in
 * SQL, with the user row `u` of the same SELECT as the principal.
 *
 *   u active AND ( u superuser
 *                  OR a model-level permission (own, or through a group)
 *                  OR EXISTS the object t WHERE (a rule that applies to u and matches t
 *                                                OR a live grant to u or one of its groups,
 *                                                   where the policy's grant condition holds on t) )
 *
 * It is compiled from the same declarations as the list filter (`accessSql`): the rules'
 * conditions and owner fields through `ruleRowSql`, grant conditions through
 * `grantConditionSql`, live grants through `liveGrantSql`. What `accessOf` decides in memory
 * for a loaded Subject (is the user in the rule's group? active? a superuser?) is a sub-select
 * on `u` here. The property test (`list-equals-check.property.test.ts`) holds it equal to the
 * reference, the list and the multi-statement check.
 *
 * Compiled once per (policy, permission) and kind of Kysely instance; only the ids, the
 * permission's row id and the clock vary, so the database can keep it prepared (SQLite's
 * statement cache, PostgreSQL's named statements).
 */

type Slots = CompiledSlots<{ allowed: number }>;
const compiled = new WeakMap<ObjectPolicy, Map<string, WeakMap<object, Slots>>>();

/** The user `u` is a member of a group with one of these names (a group rule applies to u). */
function inGroupsSql(names: readonly string[]): Expression<SqlBool> {
  if (names.length === 0) return FALSE;
  return sql<SqlBool>`exists (select 1 from authz_user_group as ug inner join authz_group as g
    on g.id = ug.group_id where ug.user_id = u.id and g.name in (${sql.join(names)}))`;
}

/** The row-independent half of a rule (`applicableRules`) for the signed-in user `u`. */
function appliesSql(rule: Rule): Expression<SqlBool> {
  return rule.kind === 'group' ? inGroupsSql(rule.groups) : TRUE;
}

function statement(
  db: Kysely<never>,
  policy: ObjectPolicy,
  perm: string,
  args: { userId: number; objectId: number; permissionId: number; grantPermissionId: number; now: number },
) {
  const uid = sql.ref('u.id');
  const onObject: Expression<SqlBool>[] = [];
  for (const rule of policy.rules) {
    if (!(rule.permissions as readonly string[]).includes(perm)) continue;
    onObject.push(sql<SqlBool>`(${appliesSql(rule)} and ${ruleRowSql(rule, 't', uid)})`);
  }
  const live = (x: string) => liveGrantSql(x, args.grantPermissionId, args.now);
  const [userTable] = grantTableOf(policy, 'user');
  const [groupTable] = grantTableOf(policy, 'group');
  const granted = sql<SqlBool>`(exists (select 1 from ${sql.table(userTable)} as x
      where x.object_id = t.id and x.user_id = u.id and ${live('x')})
    or exists (select 1 from ${sql.table(groupTable)} as x inner join authz_user_group as xg
      on xg.group_id = x.group_id where x.object_id = t.id and xg.user_id = u.id and ${live('x')}))`;
  const counts = grantConditionSql(policy, perm, 't');
  onObject.push(counts ? sql<SqlBool>`(${counts} and ${granted})` : granted);
  const decision = sql<SqlBool>`u.is_active = 1 and (u.is_superuser = 1
    or exists (select 1 from authz_user_permission as up
      where up.user_id = u.id and up.permission_id = ${args.permissionId})
    or exists (select 1 from authz_user_group as mg inner join authz_group_permission as gp
      on gp.group_id = mg.group_id where mg.user_id = u.id and gp.permission_id = ${args.permissionId})
    or exists (select 1 from ${sql.table(policy.table)} as t where t.id = ${args.objectId}
      and (${sql.join(onObject, sql` or `)})))`;
  return (db as unknown as Kysely<{ authz_user: { id: number } }>)
    .selectFrom('authz_user as u')
    .select(sql<number>`case when ${decision} then 1 else 0 end`.as('allowed'))
    .where('u.id', '=', args.userId);
}

function slotsFor(db: Kysely<never>, policy: ObjectPolicy, perm: string): Slots {
  let byPerm = compiled.get(policy);
  if (!byPerm) compiled.set(policy, (byPerm = new Map<string, WeakMap<object, Slots>>()));
  let byKind = byPerm.get(perm);
  if (!byKind) byPerm.set(perm, (byKind = new WeakMap<object, Slots>()));
  const key = compileKey(db);
  let slots = byKind.get(key);
  if (!slots) {
    slots = compileWithSlots(db, 5, (d, userId, objectId, permissionId, grantPermissionId, now) =>
      statement(d, policy, perm, { userId, objectId, permissionId, grantPermissionId, now }),
    );
    byKind.set(key, slots);
  }
  return slots;
}

/**
 * `hasObjectPerm(userId, perm, objectId)` in one statement. `perm` must be a registered
 * permission (the compiled statements are kept per permission, so arbitrary strings from outside
 * take the general path). An unknown user is NOT_FOUND, as everywhere a user id is given.
 */
export async function checkInOneStatement(
  ctx: AuthzContext,
  policy: ObjectPolicy,
  userId: number,
  perm: string,
  objectId: number,
): Promise<boolean> {
  const permission = (await permissionRows(ctx)).get(perm);
  // -1 matches no row: an unknown permission is held by nobody, and only a permission of this
  // policy's model can come from a grant on its objects.
  const permissionId = permission?.id ?? -1;
  const grantPermissionId = permission?.modelKey === policy.key ? permission.id : -1;
  const db = ctx.db as unknown as Kysely<never>;
  const slots = slotsFor(db, policy, perm);
  const query = bindSlots(slots, [userId, objectId, permissionId, grantPermissionId, ctx.now()]);
  const row = (await db.executeQuery(query)).rows[0];
  if (!row) throw notFound(`user ${userId}`, 'user');
  return Number(row.allowed) === 1;
}
