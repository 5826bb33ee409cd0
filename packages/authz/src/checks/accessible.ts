import type { Expression, SqlBool } from 'kysely';
import type { AuthzContext } from '../context.ts';
import type { ObjectPolicy } from '../objects/define-policy.ts';
import { permissionRows } from '../permissions/permission-cache.ts';
import { type AccessFilter, accessFilter, accessOf, type Principal } from './access-parts.ts';
import { resolveOptionalSubject } from './object-checks.ts';
import { withinTokenScope } from './scope-filter.ts';
import type { UserRef } from './subject.ts';

/** The principal's access to `perm` on the policy's objects, as a `WHERE` condition on `alias`. */
export async function principalAccessible(
  ctx: AuthzContext,
  principal: Principal,
  perm: string,
  policy: ObjectPolicy,
  alias: string,
): Promise<Expression<SqlBool>> {
  const permission = (await permissionRows(ctx)).get(perm);
  const permissionId = permission?.modelKey === policy.key ? permission.id : undefined;
  const access = accessOf(policy, principal, perm, permissionId !== undefined);
  const filter = withinTokenScope(
    accessFilter(policy, access, { perm, permissionId, now: ctx.now() }),
    principal.kind === 'user' ? principal.subject : null,
    perm,
  );
  return filter.where(alias, (i) => filter.values[i]);
}

/**
 * SPEC §3.4: a SQL condition on `alias` (the policy's table) that holds for a row iff
 * `hasObjectPerm(user, perm, row)` is true. It is built from the same rule declarations, grant
 * conditions and early decisions as the check, so the two cannot drift; a property test holds
 * them equal. Compose it with any query: `.where(await authz.accessible(user, perm, policy, 'e'))`.
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
  const principal: Principal = subject ? { kind: 'user', subject } : { kind: 'anonymous' };
  return principalAccessible(ctx, principal, perm, policy, alias);
}

/**
 * {@link accessible} as a template: the shape of its SQL (`key`) and the values that go in it,
 * for a caller that compiles its list query once per shape and binds the values at each run
 * (building the condition and compiling the query cost more than SQLite takes to run a page).
 *
 * @example
 * const filter = await authz.experiments.accessFilter(user, 'batterydb.view_experiment');
 * // cache by filter.key: compile with filter.where('e', (i) => sentinel(i)); run with filter.values
 */
export async function accessibleFilter(
  ctx: AuthzContext,
  user: UserRef | null,
  perm: string,
  policy: ObjectPolicy,
): Promise<AccessFilter> {
  const subject = await resolveOptionalSubject(ctx, user);
  const principal: Principal = subject ? { kind: 'user', subject } : { kind: 'anonymous' };
  const permission = (await permissionRows(ctx)).get(perm);
  const permissionId = permission?.modelKey === policy.key ? permission.id : undefined;
  const access = accessOf(policy, principal, perm, permissionId !== undefined);
  return withinTokenScope(
    accessFilter(policy, access, { perm, permissionId, now: ctx.now() }),
    subject,
    perm,
  );
}
