import { ALLOW, type Decision, deny } from './decision.ts';
import type { AccountView } from './views.ts';

/**
 * Granting or revoking an object permission (SPEC §4: "grant an object permission A does not
 * hold on that object"). `actorHoldsOnObject` is the object-level decision for the actor,
 * loaded by the caller; a non-superuser never changes its own grants.
 */
export function mayChangeObjectGrant(
  actor: AccountView,
  change: {
    readonly permission: string;
    readonly actorHoldsOnObject: boolean;
    readonly grantee:
      { readonly kind: 'user'; readonly id: number } | { readonly kind: 'group'; readonly id: number };
  },
): Decision {
  if (!actor.isActive) return deny('inactive-actor', 'actor', 'the acting account is inactive');
  if (actor.isSuperuser) return ALLOW;
  if (change.grantee.kind === 'user' && change.grantee.id === actor.id)
    return deny('own-account', 'user', 'you may not change your own grants');
  if (!change.actorHoldsOnObject)
    return deny('permission-not-held', 'permission', `you do not hold ${change.permission} on this object`);
  return ALLOW;
}
