import type { Selectable } from 'kysely';
import type { UserTable } from '../schema/tables.ts';

/** A user as the kit hands it out: booleans and Dates, never the password hash. */
export interface User {
  readonly id: number;
  readonly username: string;
  readonly email: string;
  /** The person's name as they write it; '' when not given. */
  readonly fullName: string;
  readonly isActive: boolean;
  readonly isStaff: boolean;
  readonly isSuperuser: boolean;
  readonly lastLogin: Date | null;
  readonly dateJoined: Date;
  readonly hasUsablePassword: boolean;
}

export const USERNAME_MAX = 150;
export const FULL_NAME_MAX = 150;
/**
 * New usernames, after NFKC, are ASCII letters, digits and `. @ + _ -` (Django's
 * ASCIIUsernameValidator). A conservative alphabet on top of the confusable skeleton: TR39's
 * table does not map every look-alike (small capitals such as "ʀ" in "ʀoot" stay themselves),
 * while an ASCII-only name cannot hide one. Names made before this rule still sign in.
 */
const USERNAME = /^[A-Za-z0-9.@+_-]+$/;

/**
 * The key that makes usernames unique without regard to case or Unicode form: "Alice",
 * "ALICE" and "Ａｌｉｃｅ" (full-width) are one account.
 */
export function usernameKey(username: string): string {
  return username.normalize('NFKC').toLowerCase();
}

/** The form a new username is stored in: NFKC ("Ａｌｉｃｅ" is stored as "Alice"). */
export function canonicalUsername(username: string): string {
  return username.normalize('NFKC');
}

/** A full name: trimmed, NFC (one spelling of "José"), at most {@link FULL_NAME_MAX} characters, no control characters. */
export function validFullName(name: string): string | null {
  const text = name.normalize('NFC').trim();
  return [...text].length <= FULL_NAME_MAX && !/\p{Cc}/u.test(text) ? text : null;
}

export function isValidUsername(username: string): boolean {
  const name = canonicalUsername(username);
  return name.length > 0 && name.length <= USERNAME_MAX && USERNAME.test(name);
}

export function toUser(row: Selectable<UserTable>): User {
  return {
    id: row.id,
    username: row.username,
    email: row.email,
    fullName: row.full_name,
    isActive: row.is_active === 1,
    isStaff: row.is_staff === 1,
    isSuperuser: row.is_superuser === 1,
    lastLogin: row.last_login === null ? null : new Date(Number(row.last_login)),
    dateJoined: new Date(Number(row.date_joined)),
    hasUsablePassword: row.password_hash !== null,
  };
}
