import type { ObjectPolicy } from '../objects/define-policy.ts';
import { evaluate, type Row } from '../rules/conditions.ts';
import type { Rule } from '../rules/rule.ts';
import { decideModelPerm } from './model-decision.ts';
import type { Subject } from './subject.ts';
import { grantCounts } from '../grants/grant-condition.ts';
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
 */
export function decideWithoutObject(subject: Subject | null, perm: string): boolean | undefined {
  if (subject === null) return undefined;
  if (!subject.user.isActive) return false;
  if (decideModelPerm(subject, perm)) return true;
  return undefined;
}

/**
 * SPEC §3.2 on one loaded row: model level, then rules, then live grants — which count only
 * where the policy's grant condition holds on the row (SPEC §3.3 "public data is curated").
 * `grants` are the subject's grants on this object (any permission); `permissionId` is `perm`'s row id.
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
  const early = decideWithoutObject(subject, perm);
  if (early !== undefined) return early;
  if (applicableRules(policy, subject, perm).some((rule) => ruleMatches(rule, subject, row))) return true;
  if (subject === null || permissionId === undefined || !grantCounts(policy, perm, row)) return false;
  return grants.some((g) => g.permissionId === permissionId && isLive(g, now));
}
