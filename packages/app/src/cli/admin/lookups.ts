import { AuthzError, type Group, type User } from '@batterydb/authz';
import type { AppAuthz } from '../../authz/create-app-authz.ts';

/** Commands name accounts and groups as people do; a name that matches none is bad input naming the field. */
export async function userNamed(authz: AppAuthz, username: string, field = 'user'): Promise<User> {
  const user = await authz.findUserByUsername(username);
  if (!user) throw new AuthzError('INVALID_INPUT', `there is no user "${username}"`, field);
  return user;
}

export async function groupNamed(authz: AppAuthz, name: string, field = 'group'): Promise<Group> {
  const group = await authz.findGroupByName(name);
  if (!group) throw new AuthzError('INVALID_INPUT', `there is no group "${name}"`, field);
  return group;
}

/** `yes`/`no` options of list filters. */
export function yesNo(value: string | undefined, field: string): boolean | undefined {
  if (value === undefined) return undefined;
  if (value !== 'yes' && value !== 'no')
    throw new AuthzError('INVALID_INPUT', `${field} must be yes or no`, field);
  return value === 'yes';
}

/** A day (YYYY-MM-DD) as the start of that day, UTC. */
export function dayOf(value: string, field: string): Date {
  const date = /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T00:00:00.000Z`) : new Date(NaN);
  if (Number.isNaN(date.getTime()))
    throw new AuthzError('INVALID_INPUT', `${field} must be a date (YYYY-MM-DD)`, field);
  return date;
}

export const DAY_MS = 24 * 60 * 60 * 1000;
