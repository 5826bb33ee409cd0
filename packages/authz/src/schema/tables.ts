import type { Generated } from 'kysely';
import type { GenerationTable } from '../generation/stored-generation.ts';
import type { ExternalTables } from '../external/external-tables.ts';
import type { AccountsTables } from './accounts-tables.ts';
import type { SecondFactorTables } from './second-factor-tables.ts';

/**
 * The kit's tables. Times are integer epoch milliseconds and flags are 0/1 integers on both
 * dialects: one representation that compares and binds the same way in SQLite and PostgreSQL
 * (better-sqlite3 cannot bind booleans, and ISO strings compare wrongly across time zones).
 */
export interface UserTable {
  id: Generated<number>;
  username: string;
  /** NFKC + lower case of `username`; the unique index that makes usernames case-insensitive. */
  username_key: string;
  /**
   * TR39 skeleton of `username` (`nameSkeleton`), unique: look-alike names cannot coexist. Rows
   * that already collided when the column came get `skeleton#id` (kept, never matched).
   */
  username_skeleton: string;
  email: string;
  /** The person's name as they write it (issue 11); '' when not given. */
  full_name: Generated<string>;
  /** argon2id PHC string; null means the account has no usable password. */
  password_hash: string | null;
  is_active: number;
  is_staff: number;
  is_superuser: number;
  last_login: number | null;
  date_joined: number;
}

export interface GroupTable {
  id: Generated<number>;
  name: string;
  /** TR39 skeleton of `name`, unique, as for usernames. */
  name_skeleton: string;
}

export interface PermissionTable {
  id: Generated<number>;
  app: string;
  codename: string;
  model: string;
  name: string;
}

export interface UserGroupTable {
  user_id: number;
  group_id: number;
}

export interface UserPermissionTable {
  user_id: number;
  permission_id: number;
}

export interface GroupPermissionTable {
  group_id: number;
  permission_id: number;
}

export interface AuthzTables extends AccountsTables, SecondFactorTables, ExternalTables {
  authz_user: UserTable;
  authz_group: GroupTable;
  authz_permission: PermissionTable;
  authz_user_group: UserGroupTable;
  authz_user_permission: UserPermissionTable;
  authz_group_permission: GroupPermissionTable;
  authz_generation: GenerationTable;
}
