import type { GroupView } from '../escalation/views.ts';

/**
 * How a provider's claim becomes roles (SPEC §5 "Institutional sign-in"): values of one claim
 * (e.g. `groups`) name roles, but only roles the operator allowed. The provider is outside the
 * lab's control, so what it says is input, never authority.
 */
export interface RoleMapping {
  /** The claim read, e.g. `groups`. */
  readonly claim: string;
  /** Claim value → role (group) names. */
  readonly map: ReadonlyMap<string, readonly string[]>;
  /** The only roles a claim may give (and take away on a later sign-in). */
  readonly allowedRoles: readonly string[];
}

/** Never given by a claim, whatever the configuration says: the flags, not groups, but names too. */
export const NEVER_MAPPED = new Set(['staff', 'superuser']);

/**
 * A group a claim may hand out: allowed by the operator, not named like the staff or superuser
 * flags, and holding nothing over accounts (`auth.*`: who manages users and groups manages
 * everyone's rights, which is exactly what a provider must not be able to give).
 */
export function mappableGroup(group: GroupView, mapping: RoleMapping): boolean {
  if (NEVER_MAPPED.has(group.name.trim().toLowerCase())) return false;
  if (!mapping.allowedRoles.includes(group.name)) return false;
  for (const perm of group.permissions) if (perm.startsWith('auth.')) return false;
  return true;
}

/** The values of the mapped claim: a string or an array of strings; anything else is none. */
export function claimValues(claims: Readonly<Record<string, unknown>>, claim: string): string[] {
  const value = claims[claim];
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  return [];
}

/**
 * The decision, pure: of the groups that exist, which the claim values give (`granted`) and which
 * are under the mapping's control at all (`controlled`: a later sign-in without the value takes
 * them away; roles given by hand outside the mapping are never touched).
 */
export function decideMappedRoles(
  values: readonly string[],
  mapping: RoleMapping,
  groups: readonly GroupView[],
): { granted: Set<number>; controlled: Set<number> } {
  const mappable = new Map(groups.filter((g) => mappableGroup(g, mapping)).map((g) => [g.name, g.id]));
  const controlled = new Set<number>();
  for (const names of mapping.map.values())
    for (const name of names) {
      const id = mappable.get(name);
      if (id !== undefined) controlled.add(id);
    }
  const granted = new Set<number>();
  for (const value of new Set(values))
    for (const name of mapping.map.get(value) ?? []) {
      const id = mappable.get(name);
      if (id !== undefined) granted.add(id);
    }
  return { granted, controlled };
}
