import { ALLOW, type Decision, deny } from './decision.ts';
import { actorHas, type AccountView } from './views.ts';

/** Who would receive (or lose) an object grant, as the policy sees it. */
export type Grantee =
  | { readonly kind: 'user'; readonly id: number; readonly isActive: boolean }
  | { readonly kind: 'group'; readonly id: number };

/**
 * Granting or revoking one object permission (SPEC §4), the pure half: `changeObjectGrants`
 * loads the facts inside the transaction that writes, every path that grants (the API, the
 * pages, the admin) goes through it. For a non-superuser actor:
 * 1. it may see the grantee: groups and active users are the sharing directory; an inactive
 *    account only for those who may view users (answered as if it did not exist);
 * 2. never itself, nor a group it belongs to — a rule-given, conditional permission (the
 *    owner's, a role's) must not become an unconditional grant that outlives the condition or
 *    the role (SPEC §4 first point);
 * 3. only a permission it holds on that object now (`actorHoldsOnObject`, decided by the caller).
 * Revoking follows the same rules: one may only take back what one could hand out.
 */
export function mayChangeObjectGrant(
  actor: AccountView,
  change: { readonly permission: string; readonly actorHoldsOnObject: boolean; readonly grantee: Grantee },
): Decision {
  const { grantee } = change;
  if (!actor.isActive) return deny('inactive-actor', 'actor', 'the acting account is inactive');
  if (grantee.kind === 'user' && !grantee.isActive && !actorHas(actor, 'auth.view_user'))
    return deny('invisible-grantee', 'user', `user ${grantee.id} does not exist`);
  if (actor.isSuperuser) return ALLOW;
  if (grantee.kind === 'user' && grantee.id === actor.id)
    return deny('own-account', 'user', 'you may not grant or revoke permissions of your own');
  if (grantee.kind === 'group' && actor.groupIds.has(grantee.id))
    return deny('own-group', 'group', 'you may not grant or revoke permissions of a group you belong to');
  if (!change.actorHoldsOnObject)
    return deny(
      'permission-not-held',
      'permissions',
      `you do not hold ${change.permission} on this object, so you may not grant or revoke it`,
    );
  return ALLOW;
}
