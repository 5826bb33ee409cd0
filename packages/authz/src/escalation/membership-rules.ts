import { ALLOW, type Decision, deny, firstDenial } from './decision.ts';
import { mayActOnAccount, requirePerms } from './account-rules.ts';
import { type AccountView, firstHoldingLacking, firstLacking, type GroupView } from './views.ts';

function notSelf(actor: AccountView, target: AccountView, field: string, what: string): Decision {
  return !actor.isSuperuser && target.id === actor.id
    ? deny('own-account', field, `you may not change your own ${what}`)
    : ALLOW;
}

/**
 * Adding an account to groups and removing it from groups (a change to the user: needs
 * `auth.change_user`). A non-superuser may not change its own groups, acts only on accounts
 * holding nothing it lacks, and may not put anyone into a group holding a permission it lacks
 * (model-level or, SPEC §4, on objects: grants to the group, rules naming it).
 */
export function mayChangeMemberships(
  actor: AccountView,
  target: AccountView,
  change: { readonly add: readonly GroupView[]; readonly remove: readonly GroupView[] },
): Decision {
  const add = change.add.filter((g) => !target.groupIds.has(g.id));
  const remove = change.remove.filter((g) => target.groupIds.has(g.id));
  if (add.length === 0 && remove.length === 0) return requirePerms(actor, 'auth.change_user');
  return firstDenial(
    () => requirePerms(actor, 'auth.change_user'),
    () => notSelf(actor, target, 'groups', 'groups'),
    () => mayActOnAccount(actor, target),
    () => {
      if (actor.isSuperuser) return ALLOW;
      for (const group of add) {
        const lacking = firstHoldingLacking(actor, group);
        if (lacking !== undefined)
          return deny(
            'group-holds-more',
            'groups',
            `group "${group.name}" holds ${lacking}, which you do not`,
          );
      }
      return ALLOW;
    },
  );
}

/**
 * A user's own (direct) model permissions. A non-superuser may not change its own, acts only on
 * accounts holding nothing it lacks, and grants only permissions it holds.
 */
export function mayChangeUserPerms(
  actor: AccountView,
  target: AccountView,
  change: { readonly add: readonly string[]; readonly remove: readonly string[] },
): Decision {
  if (change.add.length === 0 && change.remove.length === 0) return requirePerms(actor, 'auth.change_user');
  return firstDenial(
    () => requirePerms(actor, 'auth.change_user'),
    () => notSelf(actor, target, 'permissions', 'permissions'),
    () => mayActOnAccount(actor, target),
    () => {
      const lacking = firstLacking(actor, change.add);
      return lacking === undefined
        ? ALLOW
        : deny('permission-not-held', 'permissions', `you may not grant ${lacking}, which you do not hold`);
    },
  );
}
