import type { Subject } from './subject.ts';
import { scopeAllowsModelPerm } from '../tokens/token-scope.ts';

/**
 * SPEC §3.1, as pure functions over a loaded {@link Subject}. These are the hot path of
 * warm checks; the async wrappers in `model-checks.ts` add freshness.
 *
 * 1. Inactive → false, also for superusers.
 * 2. Active superuser → true for every string, even one that names no permission (Django's rule).
 * 3. Otherwise: in the user's own permissions or any of their groups' permissions.
 * 4. And, for a scoped API token, a permission its scope gives on every object (SPEC §5).
 */
export function decideModelPerm(subject: Subject, perm: string): boolean {
  return scopeAllowsModelPerm(subject.scope, perm) && holdsModelPerm(subject, perm);
}

/**
 * The user's side of {@link decideModelPerm}, without the token's scope: object decisions start
 * from it (a model-level right counts on every object) and apply the scope per object.
 */
export function holdsModelPerm(subject: Subject, perm: string): boolean {
  const { user } = subject;
  if (!user.isActive) return false;
  if (user.isSuperuser) return true;
  return subject.ownPermissions.has(perm) || subject.groupPermissions.has(perm);
}

export type ModelPermissionReason =
  { kind: 'superuser' } | { kind: 'user-permission' } | { kind: 'group-permission'; group: string };

export type ModelPermissionDenial =
  | 'inactive'
  | 'unknown-permission'
  | 'not-granted'
  /** The user holds it, but the API token the request came with is not scoped to it. */
  | 'outside-token-scope';

export type ModelPermissionExplanation =
  { allowed: true; reasons: ModelPermissionReason[] } | { allowed: false; why: ModelPermissionDenial };

/** Why `decideModelPerm` says what it says; `known` tells whether the permission exists. */
export function explainModelPerm(subject: Subject, perm: string, known: boolean): ModelPermissionExplanation {
  const { user } = subject;
  if (!user.isActive) return { allowed: false, why: 'inactive' };
  const reasons: ModelPermissionReason[] = [];
  if (user.isSuperuser) reasons.push({ kind: 'superuser' });
  if (subject.ownPermissions.has(perm)) reasons.push({ kind: 'user-permission' });
  for (const group of subject.groupPermissions.get(perm) ?? [])
    reasons.push({ kind: 'group-permission', group });
  if (reasons.length > 0)
    return scopeAllowsModelPerm(subject.scope, perm)
      ? { allowed: true, reasons }
      : { allowed: false, why: 'outside-token-scope' };
  return { allowed: false, why: known ? 'not-granted' : 'unknown-permission' };
}
