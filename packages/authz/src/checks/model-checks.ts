import type { AuthzContext } from '../context.ts';
import { decideModelPerm, explainModelPerm, type ModelPermissionExplanation } from './model-decision.ts';
import { resolveSubject, type Subject, type UserRef } from './subject.ts';
import { scopeAllowsModelPerm } from '../tokens/token-scope.ts';

/** A token's scope narrows every listed set as it narrows each check. */
function inScope(subject: Subject, perms: Iterable<string>): Set<string> {
  return new Set([...perms].filter((perm) => scopeAllowsModelPerm(subject.scope, perm)));
}

/** Django's `user.has_perm(perm)`, fresh (SPEC §3.5). An unknown string is simply false. */
export async function hasPerm(ctx: AuthzContext, user: UserRef, perm: string): Promise<boolean> {
  return decideModelPerm(await resolveSubject(ctx, user), perm);
}

/** True iff the user has every one of `perms` (Django's `has_perms`). */
export async function hasPerms(ctx: AuthzContext, user: UserRef, perms: readonly string[]): Promise<boolean> {
  const subject = await resolveSubject(ctx, user);
  return perms.every((perm) => decideModelPerm(subject, perm));
}

function allRegistered(ctx: AuthzContext): Set<string> {
  return new Set(ctx.registry.permissions.map((p) => `${p.app}.${p.codename}`));
}

/** The user's own permissions; every permission for an active superuser; none when inactive. */
export async function getUserPerms(ctx: AuthzContext, user: UserRef): Promise<Set<string>> {
  const subject = await resolveSubject(ctx, user);
  if (!subject.user.isActive) return new Set();
  if (subject.user.isSuperuser) return inScope(subject, allRegistered(ctx));
  return inScope(subject, subject.ownPermissions);
}

/** Permissions the user holds through groups; every permission for an active superuser. */
export async function getGroupPerms(ctx: AuthzContext, user: UserRef): Promise<Set<string>> {
  const subject = await resolveSubject(ctx, user);
  if (!subject.user.isActive) return new Set();
  if (subject.user.isSuperuser) return inScope(subject, allRegistered(ctx));
  return inScope(subject, subject.groupPermissions.keys());
}

/** Own ∪ group permissions. */
export async function getAllPerms(ctx: AuthzContext, user: UserRef): Promise<Set<string>> {
  const subject = await resolveSubject(ctx, user);
  if (!subject.user.isActive) return new Set();
  if (subject.user.isSuperuser) return inScope(subject, allRegistered(ctx));
  return inScope(subject, [...subject.ownPermissions, ...subject.groupPermissions.keys()]);
}

export async function explainPerm(
  ctx: AuthzContext,
  user: UserRef,
  perm: string,
): Promise<ModelPermissionExplanation> {
  return explainModelPerm(await resolveSubject(ctx, user), perm, ctx.registry.isPermission(perm));
}
