import type { Expression, SqlBool } from 'kysely';
import { accessible, accessibleFilter } from '../checks/accessible.ts';
import { explainObjectPerm } from '../checks/explain-object.ts';
import { countAccessible, listAccessible, type PageOptions } from '../checks/list-accessible.ts';
import { checkMany, getObjectPerms, hasObjectPerm, type ObjectRef } from '../checks/object-checks.ts';
import type { UserRef } from '../checks/subject.ts';
import { type WarmChecks, warmChecks, type WarmOptions } from '../checks/warm-checks.ts';
import { getGroupsWithPerms, getUsersWithPerms } from '../checks/who-has.ts';
import type { ObjectApi } from '../authz-api.ts';
import type { AuthzContext } from '../context.ts';
import { assignPerm, type GrantHolder, removePerm } from '../grants/assign.ts';
import { changeObjectGrants, type GrantChange } from '../grants/change-object-grants.ts';
import { grantablePermissions } from '../grants/grant-facts.ts';
import { objectGrants } from '../grants/object-grants.ts';
import type { ModelDefinition, PermissionOf } from '../registry/define-model.ts';
import type { Row } from '../rules/conditions.ts';
import type { ObjectPolicy } from './define-policy.ts';
import { createObjects, deleteObjects, updateObjects } from './write-objects.ts';

/** Permission → expiry as stored (epoch ms, null = never) → as the surface gives times. */
const asDates = (held: ReadonlyMap<string, number | null>): ReadonlyMap<string, Date | null> =>
  new Map([...held].map(([perm, until]) => [perm, until === null ? null : new Date(until)]));

/**
 * Every object-level operation of one model, bound to a kit instance (or a transaction).
 * `user` is a user id, a loaded Subject, or null for a signed-out visitor.
 *
 * @example
 * const experiments = authz.objects(experimentPolicy);
 * await experiments.hasPerm(userId, 'batterydb.change_experiment', 42);
 * const page = await experiments.list(userId, 'batterydb.view_experiment', { orderBy: 'created_at', direction: 'desc', limit: 50 });
 * await experiments.assign({ group: reviewers.id }, 'batterydb.view_experiment', [1, 2, 3], { expiresAt });
 * await experiments.changeGrants(actorId, 42, 'grant', { holder: { user: 7 }, permissions: ['batterydb.view_experiment'] });
 */
export function objectApi<M extends ModelDefinition>(
  ctx: AuthzContext,
  policy: ObjectPolicy<M>,
): ObjectApi<M> {
  type P = PermissionOf<M>;
  const p = policy as unknown as ObjectPolicy;
  return {
    policy,
    hasPerm: (user: UserRef | null, perm: P, object: ObjectRef) =>
      hasObjectPerm(ctx, user, perm, { policy: p, object }),
    getPerms: (user: UserRef | null, object: ObjectRef) => getObjectPerms(ctx, user, { policy: p, object }),
    explain: (user: UserRef | null, perm: P, object: ObjectRef) =>
      explainObjectPerm(ctx, user, perm, { policy: p, object }),
    /** A WHERE condition on `alias` selecting exactly the objects `user` may `perm`. */
    accessible: (user: UserRef | null, perm: P, alias?: string): Promise<Expression<SqlBool>> =>
      accessible(ctx, user, perm, p, alias),
    /** {@link accessible} as a template (SQL shape + values), for queries compiled once per shape. */
    accessFilter: (user: UserRef | null, perm: P) => accessibleFilter(ctx, user, perm, p),
    list: (user: UserRef | null, perm: P, options: PageOptions) =>
      listAccessible(ctx, user, perm, p, options),
    count: (user: UserRef | null, perm: P) => countAccessible(ctx, user, perm, p),
    checkMany: (user: UserRef | null, perm: P, rows: readonly Row[]) => checkMany(ctx, user, perm, p, rows),
    /**
     * Synchronous checks on loaded rows for one subject (see {@link WarmChecks}): load once,
     * then `has(perm, row)` decides without a query or an await.
     */
    warm: (user: UserRef | null, options?: WarmOptions): Promise<WarmChecks<P>> =>
      warmChecks<P>(ctx, user, p, options),
    usersWithPerms: (id: number) => getUsersWithPerms(ctx, { policy: p, id }),
    groupsWithPerms: (id: number) => getGroupsWithPerms(ctx, { policy: p, id }),
    /** Every grant stored on the object (for a sharing page), whether it counts now or not. */
    grants: (id: number) => objectGrants(ctx, p, id),
    /**
     * Grant or revoke on behalf of an actor, through the grant policy (SPEC §4), audited: the
     * path for everything a person asks for. `assign`/`remove` below are the unchecked
     * primitives for the system itself (migrations, hooks, tests' setup).
     */
    changeGrants: (
      actor: UserRef,
      id: number,
      mode: 'grant' | 'revoke',
      change: GrantChange & { permissions: readonly P[] },
    ) =>
      changeObjectGrants(ctx, actor, p, id, mode, change).then(({ before, after }) => ({
        before: asDates(before),
        after: asDates(after),
      })),
    /** Which permissions the actor may grant or revoke on the object for this holder, each with the policy's answer. */
    grantable: (actorId: number, id: number, holder: GrantHolder) =>
      grantablePermissions(ctx, actorId, p, id, holder),
    assign: (
      holder: GrantHolder,
      perm: P,
      ids: number | readonly number[],
      options?: { expiresAt?: Date | null },
    ) => assignPerm(ctx, holder, perm, { policy: p, ids }, options),
    remove: (holder: GrantHolder, perm: P, ids: number | readonly number[]) =>
      removePerm(ctx, holder, perm, { policy: p, ids }),
    create: (values: readonly Record<string, unknown>[]) => createObjects(ctx, p, values),
    update: (where: Expression<SqlBool>, set: Record<string, unknown>) => updateObjects(ctx, p, where, set),
    delete: (where: Expression<SqlBool>) => deleteObjects(ctx, p, where),
  };
}
