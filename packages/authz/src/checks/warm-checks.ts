import type { AuthzContext } from '../context.ts';
import { AuthzError, invalidInput } from '../errors.ts';
import { type GrantEntry, grantsOnObjects, memoisedGrants } from '../grants/grant-lookup.ts';
import type { ObjectPolicy } from '../objects/define-policy.ts';
import { permissionRows } from '../permissions/permission-cache.ts';
import type { Row } from '../rules/conditions.ts';
import { decideOnRow, type ObjectPlan, planObjectPerm } from './object-decision.ts';
import { resolveOptionalSubject } from './object-checks.ts';
import type { UserRef } from './subject.ts';

/**
 * Object checks without a round trip or an `await`, for a caller that holds a loaded subject
 * and loaded rows and decides many times (a page, an export, a report): SPEC §3.2 on each row,
 * the same decision as `hasPerm` (one `decideOnRow`, one plan per permission).
 *
 * Made by `authz.objects(policy).warm(user)`, which loads what the decisions read — the
 * subject, its grants on this model, the permission rows — in at most three queries. Like a
 * Subject it is a per-request memo: once any authorization write has been made through the same
 * kit instance, `has` throws CONFLICT instead of deciding on data it knows to be stale (SPEC
 * §3.5); warm again.
 *
 * @example
 * const checks = await authz.experiments.warm(request.subject);
 * const editable = rows.filter((row) => checks.has('batterydb.change_experiment', row));
 */
export interface WarmChecks<P extends string = string> {
  /** Decides `perm` on a row loaded with at least `id` and the policy's columns. */
  has(perm: P, row: Row): boolean;
}

export interface WarmOptions {
  /**
   * Load the subject's grants on these objects only; `has` refuses a row outside them when a
   * grant would decide. Needed when the subject holds more grants on the model than the memo keeps.
   */
  objects?: readonly number[];
}

const NO_GRANTS: readonly GrantEntry[] = [];

export async function warmChecks<P extends string>(
  ctx: AuthzContext,
  user: UserRef | null,
  policy: ObjectPolicy,
  options: WarmOptions = {},
): Promise<WarmChecks<P>> {
  const subject = await resolveOptionalSubject(ctx, user);
  const generation = subject?.generation ?? ctx.generation.value;
  const permissions = await permissionRows(ctx);
  let grants: ReadonlyMap<number, readonly GrantEntry[]> = new Map();
  const only = options.objects ? new Set(options.objects) : null;
  if (subject && only) {
    const byObject = new Map<number, GrantEntry[]>();
    for (const entry of await grantsOnObjects(ctx, subject, policy, [...only]))
      byObject.set(entry.objectId, [...(byObject.get(entry.objectId) ?? []), entry]);
    grants = byObject;
  } else if (subject) {
    const all = await memoisedGrants(ctx, subject, policy);
    if (!all)
      throw invalidInput(
        'objects',
        `user ${subject.user.id} holds too many grants on ${policy.key} to load them all: warm the objects needed`,
      );
    grants = all;
  }
  const plans = new Map<string, ObjectPlan>();
  const planOf = (perm: string): ObjectPlan => {
    let plan = plans.get(perm);
    if (!plan) {
      const permission = permissions.get(perm);
      const id = permission?.modelKey === policy.key ? permission.id : undefined;
      plans.set(perm, (plan = planObjectPerm(policy, subject, perm, id)));
    }
    return plan;
  };
  return {
    has(perm: P, row: Row): boolean {
      if (ctx.generation.value !== generation)
        throw new AuthzError(
          'CONFLICT',
          'authorization data changed since these checks were warmed: warm again',
        );
      const plan = planOf(perm);
      const id = Number(row.id);
      if (only !== null && plan.grants !== null && !only.has(id))
        throw invalidInput('objects', `object ${id} was not among the objects warmed`);
      return decideOnRow(plan, subject, row, grants.get(id) ?? NO_GRANTS, ctx.now());
    },
  };
}
