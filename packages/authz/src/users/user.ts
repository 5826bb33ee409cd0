import type { Selectable } from 'kysely';
import type { UserTable } from '../schema/tables.ts';

/** A user as the kit hands it out: booleans and Dates, never the password hash. */
export interface User {
  readonly id: number;
  readonly username: string;
  readonly email: string;
  readonly isActive: boolean;
  readonly isStaff: boolean;
  readonly isSuperuser: boolean;
  readonly lastLogin: Date | null;
  readonly dateJoined: Date;
  readonly hasUsablePassword: boolean;
}

export const USERNAME_MAX = 150;
const USERNAME = /^[\p{L}\p{N}.@+_-]+$/u;

/**
 * The key that makes usernames unique without regard to case or Unicode form: "Alice",
 * "ALICE" and "Ａｌｉｃｅ" (full-width) are one account.
 */
export function usernameKey(username: string): string {
  return username.normalize('NFKC').toLowerCase();
}

export function isValidUsername(username: string): boolean {
  return username.length > 0 && username.length <= USERNAME_MAX && USERNAME.test(username);
}

export function toUser(row: Selectable<UserTable>): User {
  return {
    id: row.id,
    username: row.username,
    email: row.email,
    isActive: row.is_active === 1,
    isStaff: row.is_staff === 1,
    isSuperuser: row.is_superuser === 1,
    lastLogin: row.last_login === null ? null : new Date(Number(row.last_login)),
    dateJoined: new Date(Number(row.date_joined)),
    hasUsablePassword: row.password_hash !== null,
  };
}
