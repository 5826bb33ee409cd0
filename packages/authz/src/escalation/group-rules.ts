import { ALLOW, type Decision, deny, firstDenial } from './decision.ts';
import { requirePerms } from './account-rules.ts';
import { type AccountView, firstHoldingLacking, type GroupView } from './views.ts';

/**
 * SPEC §4, for groups. `protectedNames` are the declared roles' names: the role sync gives a
 * group of that name the role's permissions at the next start, so a non-superuser who could
 * create, rename or delete such a group could hand its members a role it does not hold.
 */

function notProtected(
  actor: AccountView,
  names: readonly string[],
  protectedNames: ReadonlySet<string>,
): Decision {
  if (actor.isSuperuser) return ALLOW;
  const name = names.find((n) => protectedNames.has(n));
  return name === undefined
    ? ALLOW
    : deny('protected-group', 'name', `"${name}" is a declared role; only a superuser may manage it`);
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
    () => notProtected(actor, [group.name, newName], protectedNames),
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
    () => notProtected(actor, [group.name], protectedNames),
    () =>
      !actor.isSuperuser && actor.groupIds.has(group.id)
        ? deny('own-group', 'group', 'you may not delete a group you belong to')
        : ALLOW,
    () => holdsNoMore(actor, group),
  );
}

/** Only superusers manage groups' permissions (SPEC §4), adding or removing alike. */
export function mayChangeGroupPermissions(actor: AccountView): Decision {
  return firstDenial(
    () => requirePerms(actor, 'auth.change_group'),
    () =>
      actor.isSuperuser
        ? ALLOW
        : deny('superuser-only', 'permissions', "only a superuser may change a group's permissions"),
  );
}
