import { evaluate, type Row } from '../rules/conditions.ts';
import type { ObjectPolicy } from './define-policy.ts';

/**
 * The permissions that changing an object from `before` to `after` gives to someone who did not
 * have them on it: a rule whose condition turns true (or whose owner changes), or a grant
 * condition that turns true (a collaborator's curated grant counting again). SPEC §4 asks that
 * the actor of such a write hold each of them itself — e.g. making an experiment private again
 * gives its owner `change` and `delete`, so only someone holding those on it may do it.
 */
export function permsGainedByUpdate(policy: ObjectPolicy, before: Row, after: Row): Set<string> {
  const gained = new Set<string>();
  const turnsTrue = (when: Parameters<typeof evaluate>[0] | undefined) =>
    when !== undefined && !evaluate(when, before) && evaluate(when, after);
  for (const rule of policy.rules) {
    const newOwner = rule.kind === 'owner' && before[rule.field] !== after[rule.field];
    const holdsAfter = rule.when === undefined || evaluate(rule.when, after);
    if (turnsTrue(rule.when) || (newOwner && holdsAfter)) for (const p of rule.permissions) gained.add(p);
  }
  for (const [perm, condition] of policy.grantsCountWhen) if (turnsTrue(condition)) gained.add(perm);
  return gained;
}
