import type { ObjectPolicy } from '../objects/define-policy.ts';
import { type Condition, evaluate, type Row } from '../rules/conditions.ts';
import type { Rule } from '../rules/rule.ts';
import { holdsModelPerm } from './model-decision.ts';
import { scopeObjects } from '../tokens/token-scope.ts';
import type { Subject } from './subject.ts';
import { type GrantEntry, isLive } from '../grants/grant-lookup.ts';

/**
 * The rules that can grant `perm` to this subject, whatever the object: the row-independent
 * half of a rule (is the subject the kind of user it is about?). Null subject = signed out.
 */
export function applicableRules(policy: ObjectPolicy, subject: Subject | null, perm: string): Rule[] {
  return policy.rules.filter((rule) => {
    if (!(rule.permissions as readonly string[]).includes(perm)) return false;
    switch (rule.kind) {
      case 'owner':
        return subject !== null;
      case 'group':
        return subject !== null && subject.groups.some((g) => rule.groups.includes(g.name));
      case 'anyone':
        return subject !== null || rule.anonymous;
    }
  });
}

/** The row-dependent half: does this (applicable) rule match the row for this subject? */
export function ruleMatches(rule: Rule, subject: Subject | null, row: Row): boolean {
  if (rule.kind === 'owner' && (subject === null || Number(row[rule.field]) !== subject.user.id))
    return false;
  return rule.when ? evaluate(rule.when, row) : true;
}

/**
 * The step of SPEC §3.2 that needs no object: inactive → false, active superuser or a
 * model-level permission → true (one consistent rule, unlike guardian's two), else undecided.
 * This is the user's side only: a token's scope is applied per object (`planObjectPerm`, `inTokenScope`).
 */
export function decideWithoutObject(subject: Subject | null, perm: string): boolean | undefined {
  if (subject === null) return undefined;
  if (!subject.user.isActive) return false;
  if (holdsModelPerm(subject, perm)) return true;
  return undefined;
}

/**
 * One permission's decision for one subject with everything that does not depend on the row
 * worked out: the early answer if there is one, the rules that apply, and whether (and when)
 * grants count. `decideOnRow` finishes it for a row; warm checks keep one per permission.
 */
export interface ObjectPlan {
  readonly early: boolean | undefined;
  readonly rules: readonly Rule[];
  /** Null when no grant can count (signed out, or not a permission of this model). */
  readonly grants: { readonly permissionId: number; readonly when: Condition | undefined } | null;
  /** A scoped token's objects for this permission (null: no limit); outside them the answer is no. */
  readonly only: ReadonlySet<number> | null;
}

/** The token's side of an object decision: false when the subject's scope excludes `perm` on `id`. */
export function inTokenScope(subject: Subject | null, perm: string, id: number): boolean {
  const objects = scopeObjects(subject?.scope, perm);
  return objects === 'any' || objects.has(id);
}

export function planObjectPerm(
  policy: ObjectPolicy,
  subject: Subject | null,
  perm: string,
  permissionId: number | undefined,
): ObjectPlan {
  const scoped = scopeObjects(subject?.scope, perm);
  const only = scoped === 'any' ? null : scoped;
  if (only !== null && only.size === 0) return { early: false, rules: [], grants: null, only: null };
  const early = decideWithoutObject(subject, perm);
  if (early !== undefined) return { early, rules: [], grants: null, only };
  return {
    only,
    early: undefined,
    rules: applicableRules(policy, subject, perm),
    grants:
      subject === null || permissionId === undefined
        ? null
        : { permissionId, when: policy.grantsCountWhen.get(perm) },
  };
}

/** The row-dependent rest of SPEC §3.2: a rule matches, or a live grant counts on this row. */
export function decideOnRow(
  plan: ObjectPlan,
  subject: Subject | null,
  row: Row,
  grants: readonly GrantEntry[],
  now: number,
): boolean {
  // The user's decision AND the token's scope (SPEC §5): outside the scope nothing else is asked.
  if (plan.only !== null && !plan.only.has(Number(row.id))) return false;
  if (plan.early !== undefined) return plan.early;
  for (const rule of plan.rules) if (ruleMatches(rule, subject, row)) return true;
  const grant = plan.grants;
  // Curated grants: they count only where the policy's condition holds (SPEC §3.3).
  if (grant === null || (grant.when !== undefined && !evaluate(grant.when, row))) return false;
  for (const g of grants) if (g.permissionId === grant.permissionId && isLive(g, now)) return true;
  return false;
}

/**
 * SPEC §3.2 on one loaded row: model level, then rules, then live grants — which count only
 * where the policy's grant condition holds on the row (SPEC §3.3 "public data is curated").
 * `grants` are the subject's grants on this object (any permission); `permissionId` is `perm`'s
 * row id (undefined when it is not a permission of this model).
 */
export function decideObjectPerm(
  policy: ObjectPolicy,
  subject: Subject | null,
  perm: string,
  permissionId: number | undefined,
  row: Row,
  grants: readonly GrantEntry[],
  now: number,
): boolean {
  return decideOnRow(planObjectPerm(policy, subject, perm, permissionId), subject, row, grants, now);
}
