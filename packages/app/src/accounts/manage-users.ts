import {
  type AccountChanges,
  mayCreateUser,
  maySetPassword,
  mayUpdateUser,
  type User,
} from '@batterydb/authz';
import { type AdminCall, audit, ensure, inAdminTransaction, loadAccount } from './admin-call.ts';

export interface NewAccount {
  username: string;
  email?: string;
  fullName?: string;
  password?: string;
  isActive?: boolean;
  isStaff?: boolean;
  isSuperuser?: boolean;
}

const snapshot = (u: User) => ({
  username: u.username,
  email: u.email,
  fullName: u.fullName,
  isActive: u.isActive,
  isStaff: u.isStaff,
  isSuperuser: u.isSuperuser,
});

/** Creates a user (needs `auth.add_user` and `auth.change_user`; superusers only by superusers). */
export function createAccount(call: AdminCall, input: NewAccount): Promise<User> {
  return inAdminTransaction(call, async (tx, actor) => {
    ensure(mayCreateUser(actor, input));
    const user = await tx.createUser(input);
    await audit(tx, call, {
      action: 'user.create',
      target: { type: 'auth.user', id: user.id },
      before: null,
      after: snapshot(user),
    });
    return user;
  });
}

/**
 * Changes e-mail, name and flags. Deactivating ends every session and API token of the user in the
 * same transaction (the kit's `updateUser`), so reactivating brings none of them back.
 */
export function updateAccount(call: AdminCall, userId: number, changes: AccountChanges): Promise<User> {
  return inAdminTransaction(call, async (tx, actor) => {
    const target = await loadAccount(tx, userId, call.actorId);
    ensure(mayUpdateUser(actor, target, changes));
    const before = snapshot(await tx.getUser(userId));
    const user = await tx.updateUser(userId, changes);
    const after = snapshot(user);
    const keys = (Object.keys(after) as (keyof typeof after)[]).filter((k) => before[k] !== after[k]);
    if (keys.length > 0)
      await audit(tx, call, {
        action: 'user.update',
        target: { type: 'auth.user', id: userId },
        before: Object.fromEntries(keys.map((k) => [k, before[k]])),
        after: Object.fromEntries(keys.map((k) => [k, after[k]])),
      });
    return user;
  });
}

/**
 * Sets (or, with null, disables) another user's password, under the password policy; every
 * session and API token of theirs ends (a password set by someone else is a reset: whatever
 * signed in before must not go on).
 */
export function setAccountPassword(call: AdminCall, userId: number, password: string | null): Promise<void> {
  return inAdminTransaction(call, async (tx, actor) => {
    const target = await loadAccount(tx, userId, call.actorId);
    ensure(maySetPassword(actor, target));
    const ended = await tx.setPassword(userId, password);
    await audit(tx, call, {
      action: 'user.password',
      target: { type: 'auth.user', id: userId },
      before: null,
      after: { usable: password !== null, endedSessions: ended.sessions, endedApiTokens: ended.apiTokens },
    });
  });
}
