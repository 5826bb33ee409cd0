// The public surface of @batterydb/authz, exported by name (STYLE.md §11).
export { createAuthz } from './create-authz.ts';
export type { Authz, AuthzBase, ObjectApi, ObjectHooks } from './authz-api.ts';
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
export type { MigrateOptions, MigrateReport } from './migrate.ts';
// Its schema migrations by name: a restore builds the schema a backup was taken at (issue 28).
export { authzMigrations } from './schema/migrations.ts';
export type { AuthzTables, UserTable, GroupTable, PermissionTable } from './schema/tables.ts';
export { dialectOf, type DialectName } from './db/dialect.ts';
export type { ConflictRetryPolicy } from './db/conflict-retry.ts';
export { withIdColumn } from './db/id-column.ts';
export type { User } from './users/user.ts';
export type { NewUser } from './users/create-user.ts';
export type { UserChanges } from './users/update-user.ts';
export type { AuthenticateResult } from './users/authenticate.ts';
export type { Group } from './groups/group.ts';
export { type Subject, type UserRef } from './checks/subject.ts';
export {
  decideModelPerm,
  type ModelPermissionDenial,
  type ModelPermissionExplanation,
  type ModelPermissionReason,
} from './checks/model-decision.ts';
export {
  argon2idHasher,
  MAX_PASSWORD_BYTES,
  OWASP_ARGON2ID,
  type Argon2Params,
  type PasswordHasher,
} from './passwords/password-hasher.ts';
export {
  MAX_PASSWORD_LENGTH,
  MIN_PASSWORD_LENGTH,
  validateNewPassword,
  type PasswordOwner,
} from './passwords/validate-password.ts';
export { definePolicy, type ObjectPolicy } from './objects/define-policy.ts';
export { ownerRule, groupRule, anyoneRule, type Rule } from './rules/rule.ts';
export { eq, oneOf, and, or, not, type Condition } from './rules/conditions.ts';
export { createGrantTables } from './grants/grant-tables.ts';
export type { GrantHolder } from './grants/assign.ts';
export type { ObjectRow } from './grants/grant-db.ts';
export type { Cursor, Page, PageOptions } from './checks/list-accessible.ts';
export type { ObjectRef } from './checks/object-checks.ts';
export type {
  ObjectPermissionDenial,
  ObjectPermissionExplanation,
  ObjectPermissionReason,
} from './checks/explain-object.ts';
export type { HolderPermissions, PermissionSource } from './checks/who-has.ts';
export type { WarmChecks, WarmOptions } from './checks/warm-checks.ts';
// The list's precompiled statement (issue 12): BatteryDB binds its own filters beside the kit's.
export type { AccessFilter } from './checks/access-parts.ts';
export {
  bindSlots,
  compileKey,
  compileWithSlots,
  type CompiledSlots,
  type Slot,
  type SlotValue,
} from './db/prepared.ts';
export { DEFAULT_SUBJECT_CACHE_SIZE } from './checks/subject-cache.ts';
// Accounts: sessions, API tokens, sign-in throttling, the audit log, no escalation (issue 4).
export type { SignInPolicies, SignInResult } from './sessions/sign-in.ts';
export type { ChangePasswordResult } from './sessions/change-password.ts';
export type { NewSession, SessionClient } from './sessions/create-session.ts';
export type { SessionInfo } from './sessions/own-sessions.ts';
export type { EndedCredentials } from './sessions/end-credentials.ts';
export type { ValidSession } from './sessions/validate-session.ts';
export type { CompleteSignInResult, FactorChallenge, FirstFactorOutcome } from './sessions/factor-sign-in.ts';
export type { FactorCheckResult, FactorUsed } from './second-factor/check-factor.ts';
export type { Enrolment, SecondFactorStatus } from './second-factor/factor-store.ts';
export { DEFAULT_SESSION_POLICY, type SessionPolicy } from './sessions/session-policy.ts';
export { sameSecret } from './sessions/secrets.ts';
export { DEFAULT_THROTTLE_POLICY, type ThrottlePolicy } from './throttle/throttle-policy.ts';
export type { ThrottleScope } from './throttle/login-throttle.ts';
export type { ThrottledAccount, ThrottleFilter, ThrottleStatus } from './throttle/throttle-status.ts';
export { MAX_TOKENS_PER_USER, TOKEN_NAME_MAX, type ApiToken } from './tokens/api-token.ts';
export type { NewApiToken } from './tokens/create-api-token.ts';
export type { TokenScope, TokenScopeEntry } from './tokens/token-scope.ts';
export type { ValidApiToken } from './tokens/validate-api-token.ts';
export type { AuditEntry, AuditInput, AuditTarget } from './audit/audit-entry.ts';
export type { AuditFilter } from './audit/find-audit-entries.ts';
export type { AccountsTables } from './schema/accounts-tables.ts';
export type { SecondFactorTables } from './schema/second-factor-tables.ts';
export type { ExternalApi } from './external/external-api.ts';
export type { ExternalSignInOptions, RefusalReason, VerifiedIdentity } from './external/external-identity.ts';
export type { ExternalSignInResult } from './external/external-sign-in.ts';
export type { LinkResult } from './external/link-identity.ts';
export {
  claimValues,
  decideMappedRoles,
  mappableGroup,
  NEVER_MAPPED,
  type RoleMapping,
} from './external/role-mapping.ts';
export { toUser } from './users/user.ts';
export { nameSkeleton } from './users/name-skeleton.ts';
export { accountViewOf, actorHas, type AccountView, type GroupView } from './escalation/views.ts';
export { type Decision, type EscalationDenial } from './escalation/decision.ts';
export {
  mayActOnAccount,
  mayCreateUser,
  maySetPassword,
  mayRemoveSecondFactor,
  mayUpdateUser,
  requirePerms,
  type AccountChanges,
} from './escalation/account-rules.ts';
export { mayChangeMemberships, mayChangeUserPerms } from './escalation/membership-rules.ts';
export {
  mayChangeGroupPerms,
  mayCreateGroup,
  mayDeleteGroup,
  mayRenameGroup,
} from './escalation/group-rules.ts';
export { mayChangeObjectGrant, type Grantee } from './escalation/object-grant-rules.ts';
export type { GrantChange } from './grants/change-object-grants.ts';
export type { GranteeLabel } from './grants/grant-facts.ts';
export type { StoredGrant } from './grants/object-grants.ts';
export { permsGainedByUpdate } from './objects/update-gains.ts';
