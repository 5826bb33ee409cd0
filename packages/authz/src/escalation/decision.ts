/**
 * The policy's answer: a value, never an exception (STYLE.md §7). A route turns a denial
 * into 403 naming `field`.
 */
export type EscalationDenial =
  /** The actor is inactive. */
  | 'inactive-actor'
  /** The actor lacks the model permission of the action itself (e.g. `auth.change_user`). */
  | 'missing-permission'
  /** Only a superuser may do this (set `isSuperuser`, manage groups' permissions). */
  | 'superuser-only'
  /** A non-superuser may not change their own groups, permissions or flags. */
  | 'own-account'
  /** The target account holds something the actor does not (a superuser, or a permission). */
  | 'more-privileged-target'
  /** The group holds a permission the actor does not. */
  | 'group-holds-more'
  /** The actor would grant a permission it does not hold. */
  | 'permission-not-held'
  /** The name belongs to a declared role, which only superusers manage. */
  | 'protected-group'
  /** The actor is a member of the group it would delete, or grant to. */
  | 'own-group'
  /** The user or group named is one the actor may not see: answered as if it did not exist. */
  | 'invisible-grantee';

export type Decision =
  | { readonly allowed: true }
  | {
      readonly allowed: false;
      readonly reason: EscalationDenial;
      readonly field: string;
      readonly message: string;
    };

export const ALLOW: Decision = { allowed: true };

export function deny(reason: EscalationDenial, field: string, message: string): Decision {
  return { allowed: false, reason, field, message };
}

/** The first denial among decisions taken in order, or ALLOW. */
export function firstDenial(...decisions: (() => Decision)[]): Decision {
  for (const decide of decisions) {
    const decision = decide();
    if (!decision.allowed) return decision;
  }
  return ALLOW;
}
