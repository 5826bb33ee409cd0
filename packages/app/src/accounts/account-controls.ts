import {
  type AccountView,
  accountViewOf,
  AuthzError,
  type Decision,
  type GroupView,
  mayActOnAccount,
  mayChangeMemberships,
  mayChangeUserPerms,
  mayRemoveSecondFactor,
  maySetPassword,
  mayUpdateUser,
  requirePerms,
  type Subject,
} from '@batterydb/authz';
import type { AppAuthz } from '../authz/create-app-authz.ts';
import { loadAccount } from './admin-call.ts';

/** One group on a user's form: whether they are in it, and whether the actor may change that. */
export interface GroupControl {
  readonly id: number;
  readonly name: string;
  readonly member: boolean;
  readonly decision: Decision;
}

/** One permission on a user's form: whether the user holds it directly, and whether the actor may change that. */
export interface PermissionControl {
  readonly perm: string;
  /** The model it is about, `app.model` (for grouping). */
  readonly model: string;
  readonly name: string;
  readonly own: boolean;
  readonly decision: Decision;
}

/**
 * What an actor may change on one account, each answered by the no-escalation policy's own
 * pure functions (SPEC §4) on the same views the admin operations load — so the admin page
 * offers exactly the controls the server would accept, and says why for the others. The
 * server decides again on every post (a forged field is refused there).
 */
export interface AccountControls {
  readonly target: AccountView;
  /**
   * Whether the account is the actor's to change at all: `auth.change_user`, and an account
   * holding nothing the actor lacks (SPEC §4). A denial here closes every control, for one reason.
   */
  readonly whole: Decision;
  /** E-mail and name. */
  readonly profile: Decision;
  readonly isStaff: Decision;
  readonly isSuperuser: Decision;
  /** Deactivate (or reactivate, for an inactive account). */
  readonly activation: Decision;
  readonly password: Decision;
  /** Removing their second factor (issue 27): the password-reset rule of SPEC §4. */
  readonly secondFactor: Decision;
  readonly groups: readonly GroupControl[];
  readonly permissions: readonly PermissionControl[];
}

/** Groups shown on one account's form at most (a lab has a handful; the rest are listed by name only). */
export const MAX_GROUP_CONTROLS = 200;

/**
 * The controls for `actor` on account `targetId`. The target's object holdings the actor lacks
 * are decided in SQL once; a group's only when joining it would otherwise be allowed (for a
 * non-superuser), so a superuser's page costs no holdings query at all.
 */
export async function accountControls(
  authz: AppAuthz,
  actorSubject: Subject,
  targetId: number,
): Promise<AccountControls> {
  const actor = accountViewOf(actorSubject);
  const actorId = actor.id;
  const target = await loadAccount(authz, targetId, actorId);
  const flag = (name: 'isStaff' | 'isSuperuser' | 'isActive') =>
    mayUpdateUser(actor, target, { [name]: !target[name] });

  const groups = await authz.db
    .selectFrom('authz_group')
    .select(['id', 'name'])
    .orderBy('name')
    .limit(MAX_GROUP_CONTROLS)
    .execute();
  const groupControls: GroupControl[] = [];
  for (const group of groups) {
    const member = target.groupIds.has(group.id);
    let view: GroupView = { ...group, permissions: new Set(await authz.groupPermissionRows(group.id)) };
    const decide = () =>
      mayChangeMemberships(actor, target, member ? { add: [], remove: [view] } : { add: [view], remove: [] });
    let decision = decide();
    if (decision.allowed && !member && !actor.isSuperuser) {
      view = {
        ...view,
        objectHoldingActorLacks: await authz.objectHoldingActorLacks(actorId, { group: group.id }),
      };
      decision = decide();
    }
    groupControls.push({ ...group, member, decision });
  }

  const own = new Set(await authz.userPermissionRows(targetId));
  const permissions = authz.registry.permissions.map((p) => {
    const perm = `${p.app}.${p.codename}`;
    const held = own.has(perm);
    return {
      perm,
      model: `${p.app}.${p.model}`,
      name: p.name,
      own: held,
      decision: mayChangeUserPerms(
        actor,
        target,
        held ? { add: [], remove: [perm] } : { add: [perm], remove: [] },
      ),
    };
  });

  const mayChange = requirePerms(actor, 'auth.change_user');
  return {
    target,
    whole: mayChange.allowed ? mayActOnAccount(actor, target) : mayChange,
    profile: mayUpdateUser(actor, target, { fullName: '' }),
    isStaff: flag('isStaff'),
    isSuperuser: flag('isSuperuser'),
    activation: flag('isActive'),
    password: maySetPassword(actor, target),
    secondFactor: mayRemoveSecondFactor(actor, target),
    groups: groupControls,
    permissions,
  };
}

/** The account must exist; the admin pages answer 404 in the API's words otherwise. */
export async function requireUser(authz: AppAuthz, id: number) {
  const user = await authz.findUser(id);
  if (!user) throw new AuthzError('NOT_FOUND', `user ${id} does not exist`, 'id');
  return user;
}
