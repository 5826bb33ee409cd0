import type { Subject } from '../checks/subject.ts';
import { scopeAllowsModelPerm } from '../tokens/token-scope.ts';

/**
 * What the no-escalation policy knows about an account — the acting one or the one acted on.
 * `permissions` is everything the account holds (own ∪ its groups'), whether it is active or
 * not: an inactive account still holds what reactivating it would give back.
 */
export interface AccountView {
  readonly id: number;
  readonly isActive: boolean;
  readonly isStaff: boolean;
  readonly isSuperuser: boolean;
  readonly permissions: ReadonlySet<string>;
  readonly groupIds: ReadonlySet<number>;
  /**
   * For an account acted on: an object permission it holds that the acting account lacks
   * (SPEC §4 "object permissions count as holdings"), found in SQL by
   * `objectHoldingActorLacks` in the deciding transaction; absent when it holds none.
   */
  readonly objectHoldingActorLacks?: string | undefined;
}

/** A group as the policy sees it. */
export interface GroupView {
  readonly id: number;
  readonly name: string;
  readonly permissions: ReadonlySet<string>;
  /** As for {@link AccountView}: an object permission the group holds that the actor lacks. */
  readonly objectHoldingActorLacks?: string | undefined;
}

/** Builds the view from a loaded {@link Subject} (load it in the transaction that makes the change). */
export function accountViewOf(subject: Subject): AccountView {
  const { user, scope } = subject;
  const held = [...subject.ownPermissions, ...subject.groupPermissions.keys()];
  // A scoped token acts with what its scope gives at model level, never more (SPEC §5): even a
  // superuser's token holds only the scope's permissions that it gives on every object.
  const scoped = scope && user.isSuperuser ? [...scope.permissions.keys()] : held;
  return {
    id: user.id,
    isActive: user.isActive,
    isStaff: user.isStaff,
    isSuperuser: user.isSuperuser && scope === null,
    permissions: new Set(scoped.filter((perm) => scopeAllowsModelPerm(scope, perm))),
    groupIds: new Set(subject.groups.map((g) => g.id)),
  };
}

/** SPEC §3.1 on a view: what the actor may do right now. */
export function actorHas(actor: AccountView, perm: string): boolean {
  return actor.isActive && (actor.isSuperuser || actor.permissions.has(perm));
}

/** True iff `actor` holds every permission in `perms`. */
export function actorHoldsAll(actor: AccountView, perms: Iterable<string>): boolean {
  for (const perm of perms) if (!actorHas(actor, perm)) return false;
  return true;
}

/**
 * The first holding of `holder` (model-level permissions, then object permissions) the actor
 * lacks, for the error message; undefined when the actor holds all of it.
 */
export function firstHoldingLacking(
  actor: AccountView,
  holder: {
    readonly permissions: ReadonlySet<string>;
    readonly objectHoldingActorLacks?: string | undefined;
  },
): string | undefined {
  if (actor.isActive && actor.isSuperuser) return undefined;
  return firstLacking(actor, holder.permissions) ?? holder.objectHoldingActorLacks;
}

/** The first of `perms` the actor lacks, for the error message. */
export function firstLacking(actor: AccountView, perms: Iterable<string>): string | undefined {
  for (const perm of perms) if (!actorHas(actor, perm)) return perm;
  return undefined;
}
