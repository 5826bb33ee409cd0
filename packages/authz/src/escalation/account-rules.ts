import { ALLOW, type Decision, deny, firstDenial } from './decision.ts';
import { type AccountView, firstHoldingLacking, firstLacking } from './views.ts';

/**
 * SPEC §4, for changes to accounts. Every function is pure: the caller loads the actor and the
 * target in the transaction that will make the change, asks, and writes only on ALLOW.
 * Superusers (active ones) may do anything; the rules below are for everyone else.
 */

/** The actor is active and holds each of the action's own model permissions. */
export function requirePerms(actor: AccountView, ...perms: string[]): Decision {
  if (!actor.isActive) return deny('inactive-actor', 'actor', 'the acting account is inactive');
  const lacking = firstLacking(actor, perms);
  if (lacking !== undefined)
    return deny('missing-permission', 'actor', `this needs the permission ${lacking}`);
  return ALLOW;
}

/**
 * "A may not act on an account that holds anything A does not": no superuser, and every
 * permission the target holds (directly or through groups, active or not) A holds too —
 * object permissions included (SPEC §4: otherwise a password reset borrows them).
 */
export function mayActOnAccount(actor: AccountView, target: AccountView, field = 'user'): Decision {
  if (actor.isSuperuser && actor.isActive) return ALLOW;
  if (target.isSuperuser)
    return deny('more-privileged-target', field, 'only a superuser may change a superuser');
  const lacking = firstHoldingLacking(actor, target);
  if (lacking !== undefined)
    return deny('more-privileged-target', field, `the account holds ${lacking}, which you do not`);
  return ALLOW;
}

/** Creating users needs both `auth.add_user` and `auth.change_user` (as in Django); only superusers make superusers. */
export function mayCreateUser(actor: AccountView, input: { isSuperuser?: boolean }): Decision {
  return firstDenial(
    () => requirePerms(actor, 'auth.add_user', 'auth.change_user'),
    () =>
      input.isSuperuser && !actor.isSuperuser
        ? deny('superuser-only', 'isSuperuser', 'only a superuser may create a superuser')
        : ALLOW,
  );
}

export interface AccountChanges {
  readonly email?: string;
  readonly fullName?: string;
  readonly isActive?: boolean;
  readonly isStaff?: boolean;
  readonly isSuperuser?: boolean;
}

const FLAGS = ['isActive', 'isStaff', 'isSuperuser'] as const;

/**
 * E-mail, name and flags. A value equal to the current one is no change. A non-superuser never sets
 * `isSuperuser`, never changes its own flags, and only acts on accounts holding nothing it lacks
 * (the e-mail matters: it is where a password reset would go).
 */
export function mayUpdateUser(actor: AccountView, target: AccountView, changes: AccountChanges): Decision {
  const changedFlags = FLAGS.filter((flag) => changes[flag] !== undefined && changes[flag] !== target[flag]);
  return firstDenial(
    () => requirePerms(actor, 'auth.change_user'),
    () => (actor.isSuperuser ? ALLOW : notSuperuserFlag(changedFlags)),
    () =>
      !actor.isSuperuser && target.id === actor.id && changedFlags.length > 0
        ? deny('own-account', changedFlags[0]!, 'you may not change your own flags')
        : ALLOW,
    () => mayActOnAccount(actor, target),
  );
}

function notSuperuserFlag(changed: readonly string[]): Decision {
  return changed.includes('isSuperuser')
    ? deny('superuser-only', 'isSuperuser', 'only a superuser may make or unmake a superuser')
    : ALLOW;
}

/**
 * Setting another account's password. A non-superuser changes its own only through the
 * sign-in flow that asks for the current one (a stolen session must not take the account over).
 */
export function maySetPassword(actor: AccountView, target: AccountView): Decision {
  return firstDenial(
    () => requirePerms(actor, 'auth.change_user'),
    () =>
      !actor.isSuperuser && target.id === actor.id
        ? deny('own-account', 'user', 'change your own password with your current one')
        : ALLOW,
    () => mayActOnAccount(actor, target),
  );
}

/**
 * Removing another user's second factor (issue 27) weakens their sign-in like a password reset
 * does, so it follows the same rule: `auth.change_user` and an account holding nothing the actor
 * lacks (no superuser unless the actor is one). One's own factor goes through the account page,
 * which asks for a current code or the password (a stolen session must not strip it).
 */
export function mayRemoveSecondFactor(actor: AccountView, target: AccountView): Decision {
  return firstDenial(
    () => requirePerms(actor, 'auth.change_user'),
    () =>
      target.id === actor.id
        ? deny('own-account', 'user', 'remove your own second factor on your account page')
        : ALLOW,
    () => mayActOnAccount(actor, target),
  );
}
