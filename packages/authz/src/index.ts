// The public surface of @batterydb/authz, exported by name (STYLE.md §11).
export { createAuthz, type Authz, type AuthzBase } from './create-authz.ts';
export type { AuthzContext } from './context.ts';
export { AuthzError, type AuthzErrorCode } from './errors.ts';
export {
  defineModel,
  DEFAULT_ACTIONS,
  type ModelDefinition,
  type PermissionOf,
} from './registry/define-model.ts';
export { authModels } from './registry/auth-models.ts';
export { createRegistry, type PermissionSpec, type Registry } from './registry/registry.ts';
export { defineRoles, type RoleDefinition } from './roles/define-roles.ts';
export type { RoleSyncReport } from './roles/sync-roles.ts';
export type { MigrateReport } from './migrate.ts';
export { authzMigrations } from './schema/migrations.ts';
export type { AuthzTables, UserTable, GroupTable, PermissionTable } from './schema/tables.ts';
export { dialectOf, type DialectName } from './db/dialect.ts';
export { withIdColumn } from './db/id-column.ts';
export type { User } from './users/user.ts';
export type { NewUser } from './users/create-user.ts';
export type { UserChanges } from './users/update-user.ts';
export type { AuthenticateResult } from './users/authenticate.ts';
export type { Group } from './groups/group.ts';
export { type Subject, type UserRef } from './checks/subject.ts';
export {
  decideModelPerm,
  explainModelPerm,
  type ModelPermExplanation,
  type ModelPermReason,
} from './checks/model-decision.ts';
export {
  argon2idHasher,
  MAX_PASSWORD_BYTES,
  OWASP_ARGON2ID,
  type Argon2Params,
  type PasswordHasher,
} from './passwords/password-hasher.ts';
export { MIN_PASSWORD_LENGTH, validateNewPassword } from './passwords/validate-password.ts';
