import { type Expression, type SqlBool, sql } from 'kysely';
import { accessible } from '../checks/accessible.ts';
import { decideModelPerm } from '../checks/model-decision.ts';
import { decideWithoutObject } from '../checks/object-decision.ts';
import type { Subject } from '../checks/subject.ts';
import type { AuthzContext } from '../context.ts';
import { FALSE, TRUE } from '../rules/conditions.ts';

/**
 * Who may read an audit entry follows who may see what it is about (an entry about a private
 * experiment tells that it exists, who shared it and with whom): a SQL condition on
 * `authz_audit_log`, so a page and its cursor never pass over entries the reader may not see.
 *
 * - a model with object rules (an experiment): entries about the objects the reader may
 *   `view` now — by the same `accessible` filter as every list; entries about deleted ones only
 *   for model-level viewers (Maintainers) and superusers;
 * - any other registered model (`auth.user`, `auth.group`): its model-level `view_` permission;
 * - anything else: active superusers only.
 */
export async function auditVisibleTo(ctx: AuthzContext, subject: Subject): Promise<Expression<SqlBool>> {
  if (!subject.user.isActive) return FALSE;
  if (subject.user.isSuperuser) return TRUE;
  const parts: Expression<SqlBool>[] = [];
  for (const model of ctx.registry.models) {
    const key = `${model.app}.${model.name}`;
    const perm = `${model.app}.view_${model.name}`;
    const type = sql<SqlBool>`target_type = ${key}`;
    const policy = ctx.policies.get(key);
    if (!policy) {
      if (decideModelPerm(subject, perm)) parts.push(type);
      continue;
    }
    if (decideWithoutObject(subject, perm) === true) {
      parts.push(type);
      continue;
    }
    const visible = await accessible(ctx, subject, perm, policy, 'audited');
    parts.push(
      sql<SqlBool>`(${type} and target_id in (select audited.id from ${sql.table(policy.table)} as audited where ${visible}))`,
    );
  }
  if (parts.length === 0) return FALSE;
  return sql<SqlBool>`(${sql.join(parts, sql` or `)})`;
}
