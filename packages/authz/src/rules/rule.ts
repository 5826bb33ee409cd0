import type { Condition } from './conditions.ts';

/**
 * A declared policy granting permissions on every object that matches (SPEC §2 "Rule").
 * - `owner`: the user whose id is in `field`, optionally only while `when` holds.
 * - `group`: members of any of `groups` (by name: roles are declared in code by name).
 * - `anyone`: every active signed-in user — or, with `anonymous: true`, signed-out visitors too.
 */
export type Rule<P extends string = string> =
  | { kind: 'owner'; name: string; field: string; permissions: readonly P[]; when?: Condition }
  | { kind: 'group'; name: string; groups: readonly string[]; permissions: readonly P[]; when?: Condition }
  | { kind: 'anyone'; name: string; anonymous: boolean; permissions: readonly P[]; when?: Condition };

export function ownerRule<P extends string>(
  rule: Omit<Extract<Rule<P>, { kind: 'owner' }>, 'kind'>,
): Rule<P> {
  return { kind: 'owner', ...rule };
}
export function groupRule<P extends string>(
  rule: Omit<Extract<Rule<P>, { kind: 'group' }>, 'kind'>,
): Rule<P> {
  return { kind: 'group', ...rule };
}
export function anyoneRule<P extends string>(
  rule: Omit<Extract<Rule<P>, { kind: 'anyone' }>, 'kind'>,
): Rule<P> {
  return { kind: 'anyone', ...rule };
}
