import { type Expression, type SqlBool, sql } from 'kysely';
import type { AuthzContext } from '../context.ts';
import type { ObjectPolicy } from '../objects/define-policy.ts';
import { permissionRows } from '../permissions/permission-cache.ts';
import { FALSE, toSql, TRUE } from '../rules/conditions.ts';
import { resolveOptionalSubject } from './object-checks.ts';
import { applicableRules, decideWithoutObject } from './object-decision.ts';
import type { UserRef } from './subject.ts';

/**
 * SPEC §3.4: a SQL condition on `alias` (the policy's table) that holds for a row iff
 * `hasObjectPerm(user, perm, row)` is true. It is built from the same rule declarations and the
 * same early decisions as the check, so the two cannot drift; a property test holds them equal.
 * Compose it with any query: `.where(await authz.accessible(user, perm, policy, 'e'))`.
 *
 * Grants appear as `id IN (SELECT object_id …)` over the (holder, permission, object) index,
 * so the cost of a page is flat in the size of the table.
 */
export async function accessible(
  ctx: AuthzContext,
  user: UserRef | null,
  perm: string,
  policy: ObjectPolicy,
  alias: string = policy.table,
): Promise<Expression<SqlBool>> {
  const subject = await resolveOptionalSubject(ctx, user);
  const early = decideWithoutObject(subject, perm);
  if (early !== undefined) return early ? TRUE : FALSE;

  const parts: Expression<SqlBool>[] = [];
  for (const rule of applicableRules(policy, subject, perm)) {
    const when = rule.when ? toSql(rule.when, alias) : TRUE;
    if (rule.kind === 'owner') {
      parts.push(sql<SqlBool>`(${sql.ref(`${alias}.${rule.field}`)} = ${subject!.user.id} and ${when})`);
    } else {
      parts.push(when);
    }
  }
  const permission = (await permissionRows(ctx)).get(perm);
  if (subject && permission && permission.modelKey === policy.key) {
    const id = sql.ref(`${alias}.id`);
    const now = ctx.now();
    parts.push(sql<SqlBool>`${id} in (select object_id from ${sql.table(policy.userGrantTable)}
      where user_id = ${subject.user.id} and permission_id = ${permission.id}
      and (expires_at is null or expires_at > ${now}))`);
    const groupIds = subject.groups.map((g) => g.id);
    if (groupIds.length > 0)
      parts.push(sql<SqlBool>`${id} in (select object_id from ${sql.table(policy.groupGrantTable)}
        where group_id in (${sql.join(groupIds)}) and permission_id = ${permission.id}
        and (expires_at is null or expires_at > ${now}))`);
  }
  if (parts.length === 0) return FALSE;
  return parts.length === 1 ? parts[0]! : sql<SqlBool>`(${sql.join(parts, sql` or `)})`;
}
