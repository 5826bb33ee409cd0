import { ALLOW, type Decision, deny, firstDenial } from './decision.ts';
import { requirePerms } from './account-rules.ts';
import { type AccountView, firstHoldingLacking, type GroupView } from './views.ts';
import { nameSkeleton } from '../users/name-skeleton.ts';

/**
 * SPEC §4, for groups. `protectedNames` are the declared roles' names: the role sync gives a
 * group of that name the role's permissions at the next start, so a non-superuser who could
 * create, rename or delete such a group could hand its members a role it does not hold.
 */

/**
 * Names are compared by skeleton, so "maintainer", "Ｍaintainer" or "Маintainer" (Cyrillic) is
 * the role "Maintainer" here. A look-alike of a role's name is refused to everyone, superusers
 * included: it would shadow the role in every list and form. Only a superuser may use a role's
 * exact name (to recreate its group, which the role sync then brings to the declaration).
 */
function notProtected(
  actor: AccountView,
  names: readonly string[],
  protectedNames: ReadonlySet<string>,
): Decision {
  const roles = new Map([...protectedNames].map((role) => [nameSkeleton(role), role]));
  for (const name of names) {
    const role = roles.get(nameSkeleton(name));
    if (role === undefined) continue;
    if (role !== name.trim())
      return deny('protected-group', 'name', `"${name}" looks like the declared role "${role}"`);
    if (!actor.isSuperuser)
      return deny('protected-group', 'name', `"${name}" is a declared role; only a superuser may manage it`);
  }
  return ALLOW;
}

/** An existing group that is a declared role's own group: only a superuser may rename or delete it. */
function notRoleGroup(actor: AccountView, group: GroupView, protectedNames: ReadonlySet<string>): Decision {
  return actor.isSuperuser || !protectedNames.has(group.name)
    ? ALLOW
    : deny('protected-group', 'name', `"${group.name}" is a declared role; only a superuser may manage it`);
}

function holdsNoMore(actor: AccountView, group: GroupView): Decision {
  if (actor.isSuperuser) return ALLOW;
  const lacking = firstHoldingLacking(actor, group);
  return lacking === undefined
    ? ALLOW
    : deny('group-holds-more', 'group', `group "${group.name}" holds ${lacking}, which you do not`);
}

export function mayCreateGroup(
  actor: AccountView,
  name: string,
  protectedNames: ReadonlySet<string>,
): Decision {
  return firstDenial(
    () => requirePerms(actor, 'auth.add_group'),
    () => notProtected(actor, [name], protectedNames),
  );
}

/** Renaming changes nobody's permissions, but a group holding more than the actor is not its to touch. */
export function mayRenameGroup(
  actor: AccountView,
  group: GroupView,
  newName: string,
  protectedNames: ReadonlySet<string>,
): Decision {
  return firstDenial(
    () => requirePerms(actor, 'auth.change_group'),
    () => notRoleGroup(actor, group, protectedNames),
    () => notProtected(actor, [newName], protectedNames),
    () => holdsNoMore(actor, group),
  );
}

/** Deleting a group the actor is in would change the actor's own groups. */
export function mayDeleteGroup(
  actor: AccountView,
  group: GroupView,
  protectedNames: ReadonlySet<string>,
): Decision {
  return firstDenial(
    () => requirePerms(actor, 'auth.delete_group'),
    () => notRoleGroup(actor, group, protectedNames),
    () =>
      !actor.isSuperuser && actor.groupIds.has(group.id)
        ? deny('own-group', 'group', 'you may not delete a group you belong to')
        : ALLOW,
    () => holdsNoMore(actor, group),
  );
}

/** Only superusers manage groups' permissions (SPEC §4), adding or removing alike. */
export function mayChangeGroupPerms(actor: AccountView): Decision {
  return firstDenial(
    () => requirePerms(actor, 'auth.change_group'),
    () =>
      actor.isSuperuser
        ? ALLOW
        : deny('superuser-only', 'permissions', "only a superuser may change a group's permissions"),
  );
}
