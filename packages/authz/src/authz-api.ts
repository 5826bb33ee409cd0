// The kit's public interface, named and documented (issue 15): what `createAuthz` returns and
// what `authz.objects(policy)` returns. The implementations (`create-authz.ts`,
// `objects/object-api.ts`) are checked against these types, so they cannot drift apart.
import type { Expression, Kysely, SqlBool, Transaction } from 'kysely';
import type { AccessFilter } from './checks/access-parts.ts';
import type { AuditEntry, AuditInput } from './audit/audit-entry.ts';
import type { AuditFilter } from './audit/find-audit-entries.ts';
import type { ModelPermissionExplanation } from './checks/model-decision.ts';
import type { ObjectPermissionExplanation } from './checks/explain-object.ts';
import type { Page, PageOptions } from './checks/list-accessible.ts';
import type { ObjectRef } from './checks/object-checks.ts';
import type { Subject, UserRef } from './checks/subject.ts';
import type { WarmChecks, WarmOptions } from './checks/warm-checks.ts';
import type { HolderPermissions } from './checks/who-has.ts';
import type { ConflictRetryPolicy } from './db/conflict-retry.ts';
import type { Decision } from './escalation/decision.ts';
import type { ExternalApi } from './external/external-api.ts';
import type { GrantHolder } from './grants/assign.ts';
import type { GrantChange } from './grants/change-object-grants.ts';
import type { ObjectRow } from './grants/grant-db.ts';
import type { StoredGrant } from './grants/object-grants.ts';
import type { Group } from './groups/group.ts';
import type { MigrateOptions, MigrateReport } from './migrate.ts';
import type { ObjectPolicy } from './objects/define-policy.ts';
import type { ModelDefinition, PermissionOf } from './registry/define-model.ts';
import type { Registry } from './registry/registry.ts';
import type { RoleDefinition } from './roles/define-roles.ts';
import type { RoleSyncReport } from './roles/sync-roles.ts';
import type { Row } from './rules/conditions.ts';
import type { AuthzTables } from './schema/tables.ts';
import type { ChangePasswordResult } from './sessions/change-password.ts';
import type { NewSession, SessionClient } from './sessions/create-session.ts';
import type { EndedCredentials } from './sessions/end-credentials.ts';
import type { SessionInfo } from './sessions/own-sessions.ts';
import type { SessionPolicy } from './sessions/session-policy.ts';
import type { SignInPolicies, SignInResult } from './sessions/sign-in.ts';
import type { CompleteSignInResult, FirstFactorOutcome } from './sessions/factor-sign-in.ts';
import type { FactorCheckResult, FactorUsed } from './second-factor/check-factor.ts';
import type { Enrolment, SecondFactorStatus } from './second-factor/factor-store.ts';
import type { ValidSession } from './sessions/validate-session.ts';
import type { ThrottlePolicy } from './throttle/throttle-policy.ts';
import type { ThrottleFilter, ThrottleStatus } from './throttle/throttle-status.ts';
import type { ApiToken } from './tokens/api-token.ts';
import type { NewApiToken } from './tokens/create-api-token.ts';
import type { ValidApiToken } from './tokens/validate-api-token.ts';
import type { AuthenticateResult } from './users/authenticate.ts';
import type { NewUser } from './users/create-user.ts';
import type { UserChanges } from './users/update-user.ts';
import type { User } from './users/user.ts';

/**
 * Object-level operations on one model's objects (`authz.objects(policy)`; SPEC §3.2–3.6):
 * django-guardian's checks, grants and `get_objects_for_user`, decided by the policy's rules
 * and stored grants. `user` is a user id, a loaded {@link Subject}, or null for a signed-out
 * visitor; an object is an id or a loaded row.
 */
export interface ObjectApi<M extends ModelDefinition = ModelDefinition> {
  readonly policy: ObjectPolicy<M>;
  /** Whether `user` has `perm` on the object (guardian's `user.has_perm(perm, obj)`). */
  hasPerm(user: UserRef | null, perm: PermissionOf<M>, object: ObjectRef): Promise<boolean>;
  /** Every permission `user` has on the object (guardian's `get_perms`). */
  getPerms(user: UserRef | null, object: ObjectRef): Promise<Set<string>>;
  /** Why `hasPerm` says yes (every reason) or no. */
  explain(
    user: UserRef | null,
    perm: PermissionOf<M>,
    object: ObjectRef,
  ): Promise<ObjectPermissionExplanation>;
  /** A WHERE condition on `alias` (default: the policy's table) selecting exactly the objects `user` may `perm`. */
  accessible(user: UserRef | null, perm: PermissionOf<M>, alias?: string): Promise<Expression<SqlBool>>;
  /** `accessible` as a template (SQL shape + values), for queries compiled once per shape. */
  accessFilter(user: UserRef | null, perm: PermissionOf<M>): Promise<AccessFilter>;
  /** One keyset page of the objects `user` may `perm` (guardian's `get_objects_for_user`). */
  list(user: UserRef | null, perm: PermissionOf<M>, options: PageOptions): Promise<Page<ObjectRow>>;
  /** How many objects `user` may `perm`. */
  count(user: UserRef | null, perm: PermissionOf<M>): Promise<number>;
  /** The ids among `rows` on which `user` has `perm` (one query for a page of rows). */
  checkMany(user: UserRef | null, perm: PermissionOf<M>, rows: readonly Row[]): Promise<Set<number>>;
  /** Synchronous checks on loaded rows for one subject: load once, then `has(perm, row)` without a query. */
  warm(user: UserRef | null, options?: WarmOptions): Promise<WarmChecks<PermissionOf<M>>>;
  /** Users holding permissions on the object, each with the source of each (guardian's `get_users_with_perms`). */
  usersWithPerms(id: number): Promise<{
    users: HolderPermissions<{ id: number; username: string }>[];
    /** Rules that give a permission to every signed-in user (and to visitors when `anonymous`). */
    everyone: { perm: string; rule: string; anonymous: boolean }[];
  }>;
  /** Groups holding permissions on the object (guardian's `get_groups_with_perms`). */
  groupsWithPerms(id: number): Promise<HolderPermissions<{ id: number; name: string }>[]>;
  /** Every grant stored on the object (for a sharing page), whether it counts now or not. */
  grants(id: number): Promise<StoredGrant[]>;
  /**
   * Grant or revoke on behalf of an actor, through the grant policy (SPEC §4), audited: the
   * path for everything a person asks for. Returns the holder's grants before and after
   * (permission → expiry, null = never).
   */
  changeGrants(
    actor: UserRef,
    id: number,
    mode: 'grant' | 'revoke',
    change: GrantChange & { permissions: readonly PermissionOf<M>[] },
  ): Promise<{ before: ReadonlyMap<string, Date | null>; after: ReadonlyMap<string, Date | null> }>;
  /** Which permissions the actor may grant or revoke on the object for this holder, each with the policy's answer. */
  grantable(
    actorId: number,
    id: number,
    holder: GrantHolder,
  ): Promise<{ permission: string; decision: Decision }[]>;
  /** Unchecked grant for the system itself (guardian's `assign_perm`); returns how many were added. */
  assign(
    holder: GrantHolder,
    perm: PermissionOf<M>,
    ids: number | readonly number[],
    options?: { expiresAt?: Date | null },
  ): Promise<number>;
  /** Unchecked revoke (guardian's `remove_perm`); returns how many were removed. */
  remove(holder: GrantHolder, perm: PermissionOf<M>, ids: number | readonly number[]): Promise<number>;
  /** Inserts objects and runs the after-create hooks in one transaction. */
  create(values: readonly Record<string, unknown>[]): Promise<ObjectRow[]>;
  /** Updates the objects matching `where`, runs the after-update hooks; returns how many changed. */
  update(where: Expression<SqlBool>, set: Record<string, unknown>): Promise<number>;
  /** Deletes the objects matching `where` with their grants; returns the deleted rows. */
  delete(where: Expression<SqlBool>): Promise<ObjectRow[]>;
}

/**
 * The kit bound to one database handle: the process's, or a transaction's (inside
 * {@link Authz.transaction}). `P` is the registry's permission strings, so a misspelt
 * permission is a compile error; strings from outside may be cast (an unknown permission is
 * false for everyone but an active superuser).
 */
export interface AuthzBase<P extends string = string> {
  readonly registry: Registry<P>;
  /**
   * The kit's clock (`createAuthz({ now })`, default the system's): what expiries, sessions and
   * audit times are measured against. An application stamping its own rows beside the kit's
   * (`updated_at`) reads it here, so a test's fake clock moves both.
   */
  now(): Date;

  // Schema (see README "Migrate").
  /** The kit's tables (own migration table), then its permissions and the given roles, in one transaction. */
  migrate(options?: MigrateOptions): Promise<MigrateReport>;
  /** Makes a row for every registered permission (`migrate` runs it; for an application's own migration step). */
  syncPerms(): Promise<{ created: number }>;
  /** Brings the declared roles' groups to exactly their declaration (after `syncPerms`). */
  syncRoles(roles: readonly RoleDefinition[]): Promise<RoleSyncReport[]>;
  /**
   * Bumps the stored authorization generation (SPEC §3.5), so every process's remembered
   * permission sets are reloaded at their next use: for rows written outside the kit (a restored
   * backup, a copy between databases).
   */
  bumpGeneration(): Promise<void>;

  // Model-level decisions (SPEC §3.1, Django's `ModelBackend`).
  /** Django's `user.has_perm(perm)`. */
  hasPerm(user: UserRef, perm: P): Promise<boolean>;
  /** Django's `user.has_perms(perms)`: all of them. */
  hasPerms(user: UserRef, perms: readonly P[]): Promise<boolean>;
  /** Permissions held directly. */
  getUserPerms(user: UserRef): Promise<Set<string>>;
  /** Permissions held through groups. */
  getGroupPerms(user: UserRef): Promise<Set<string>>;
  /** Both (every permission, for an active superuser). */
  getAllPerms(user: UserRef): Promise<Set<string>>;
  /** Why `hasPerm` says yes (every source) or no. */
  explainPerm(user: UserRef, perm: string): Promise<ModelPermissionExplanation>;
  /** A user with their permissions loaded, for several checks in one request (null: no such user). */
  /** Given a Subject, reloads it keeping its token's scope. */
  loadSubject(user: number | Subject): Promise<Subject | null>;
  /** SPEC §4: an object permission the holder has and the actor lacks, named (for the escalation rules). */
  objectHoldingActorLacks(actorId: number, holder: GrantHolder): Promise<string | undefined>;
  /** Object-level operations of one model (see {@link ObjectApi}). */
  objects<M extends ModelDefinition>(policy: ObjectPolicy<M>): ObjectApi<M>;

  // Users.
  /** Checks a password; exactly one hash computation whether or not the user exists. */
  authenticate(username: string, password: string): Promise<AuthenticateResult>;
  createUser(input: NewUser): Promise<User>;
  findUser(id: number): Promise<User | null>;
  /** Like `findUser`, but a missing user is an `AuthzError` NOT_FOUND. */
  getUser(id: number): Promise<User>;
  findUserByUsername(username: string): Promise<User | null>;
  updateUser(id: number, changes: UserChanges): Promise<User>;
  /** Sets (null: removes) a password and ends the user's other credentials. */
  setPassword(
    id: number,
    password: string | null,
    options?: { keepApiTokens?: boolean; exceptSessionId?: number; field?: string },
  ): Promise<EndedCredentials>;
  deleteUser(id: number): Promise<void>;

  // Groups and model-level permissions.
  createGroup(name: string): Promise<Group>;
  getGroup(id: number): Promise<Group>;
  findGroupByName(name: string): Promise<Group | null>;
  renameGroup(id: number, name: string): Promise<Group>;
  deleteGroup(id: number): Promise<void>;
  addMember(groupId: number, userId: number): Promise<void>;
  removeMember(groupId: number, userId: number): Promise<void>;
  memberIdsOf(groupId: number): Promise<number[]>;
  addUserPerms(userId: number, perms: readonly P[]): Promise<void>;
  removeUserPerms(userId: number, perms: readonly P[]): Promise<void>;
  addGroupPerms(groupId: number, perms: readonly P[]): Promise<void>;
  removeGroupPerms(groupId: number, perms: readonly P[]): Promise<void>;
  /** Makes the group's permissions exactly `perms`; returns what changed. */
  setGroupPerms(groupId: number, perms: readonly P[]): Promise<{ added: string[]; removed: string[] }>;
  /** The permissions stored on the user itself (`app.codename`). */
  userPermissionRows(userId: number): Promise<string[]>;
  /** The permissions stored on the group. */
  groupPermissionRows(groupId: number): Promise<string[]>;

  /** Institutional sign-in (issue 27): provider identities, their accounts and pending steps. */
  readonly external: ExternalApi;

  // Sessions, API tokens, sign-in throttling, the audit log.
  /** Sign-in with throttling, a session and an audit entry (SPEC §5). */
  signIn(
    input: { username: string; password: string; clientAddress: string | null; userAgent?: string | null },
    policies: SignInPolicies,
  ): Promise<SignInResult>;
  /** Re-authenticates, sets the new password, ends the other credentials. */
  changePassword(
    input: {
      userId: number;
      currentPassword: string;
      newPassword: string;
      clientAddress: string | null;
      userAgent?: string | null;
      newSession: boolean;
      /** The new session keeps the second-factor mark of the one it replaces (issue 27). */
      newSessionMfaAt?: Date | null;
      keepApiTokens?: boolean;
    },
    policies: SignInPolicies,
  ): Promise<ChangePasswordResult>;
  createSession(userId: number, policy: SessionPolicy, client?: SessionClient): Promise<NewSession>;
  /** The session a token belongs to, or null (unknown, idle too long, expired, inactive user). */
  validateSession(token: string, policy: SessionPolicy): Promise<ValidSession | null>;
  /** `validateSession` and the user's Subject: a request's authentication in one statement (cached permissions). */
  authenticateSession(
    token: string,
    policy: SessionPolicy,
  ): Promise<{ session: ValidSession; subject: Subject } | null>;
  endSession(token: string): Promise<void>;
  endUserSessions(userId: number, options?: { except?: number }): Promise<number>;
  endUserCredentials(
    userId: number,
    options?: { keepApiTokens?: boolean; exceptSessionId?: number },
  ): Promise<EndedCredentials>;
  /** A user's own live sessions. */
  listUserSessions(userId: number, policy: SessionPolicy): Promise<SessionInfo[]>;
  /** Ends one of the user's sessions, or all but one; audited. */
  endOwnSessions(
    userId: number,
    which: { sessionId: number } | { except: number | null },
    clientAddress?: string | null,
  ): Promise<number>;
  /**
   * A personal API token; its secret is returned here only. `creator` is the user (id) or the
   * request's Subject (a scoped token may only make tokens within its scope); a `scope` needs
   * only the rights it carries.
   */
  createApiToken(
    creator: UserRef,
    input: NewApiToken,
    clientAddress?: string | null,
  ): Promise<{ token: string; apiToken: ApiToken }>;
  listApiTokens(userId: number): Promise<ApiToken[]>;
  revokeApiToken(userId: number, tokenId: number, clientAddress?: string | null): Promise<boolean>;
  /** The token's owner, or null (unknown, expired, inactive owner). */
  validateApiToken(token: string): Promise<ValidApiToken | null>;
  /** `validateApiToken` and the owner's Subject, for a request. */
  authenticateApiToken(token: string): Promise<{ token: ValidApiToken; subject: Subject } | null>;
  /**
   * The one place a first factor (password, identity provider) becomes a session: a user with
   * a confirmed second factor gets a challenge instead (issue 27). Every sign-in path calls it.
   */
  sessionAfterFirstFactor(
    userId: number,
    policy: SessionPolicy,
    client?: SessionClient,
  ): Promise<FirstFactorOutcome>;
  /** The challenge's code (or a recovery code, used up), throttled; a new session with `mfaAt`. */
  completeSignIn(
    input: { challengeToken: string; code: string; clientAddress: string | null; userAgent?: string | null },
    policies: SignInPolicies,
  ): Promise<CompleteSignInResult>;
  secondFactorStatus(userId: number): Promise<SecondFactorStatus>;
  /** A new pending factor (refused while one is confirmed); its URI and secret for the app. */
  beginEnrolment(userId: number, label: { issuer: string; account: string }): Promise<Enrolment>;
  pendingEnrolment(userId: number, label: { issuer: string; account: string }): Promise<Enrolment | null>;
  /** The first code confirms the factor; answers the ten recovery codes (shown once). */
  confirmEnrolment(
    input: { userId: number; code: string; clientAddress: string | null; sessionId?: number | null },
    policy: ThrottlePolicy,
  ): Promise<FactorCheckResult<string[]>>;
  regenerateRecoveryCodes(
    input: { userId: number; code: string; clientAddress: string | null },
    policy: ThrottlePolicy,
  ): Promise<FactorCheckResult<string[]>>;
  /** The user's own factor, with a current code or their password. */
  removeOwnSecondFactor(
    input: { userId: number; proof: { code: string } | { password: string }; clientAddress: string | null },
    policy: ThrottlePolicy,
  ): Promise<FactorCheckResult<boolean, FactorUsed | 'password'>>;
  /** Removes the factor, unchecked (the caller decided: `mayRemoveSecondFactor`); audited. */
  removeSecondFactor(
    userId: number,
    by: { actorId: number | null; clientAddress?: string | null },
  ): Promise<boolean>;
  /**
   * Appends an audit entry. Called on a kit bound to a transaction (`transaction`,
   * `withTransaction`), the entry commits or rolls back with that transaction's other writes.
   */
  recordAudit(entry: AuditInput): Promise<void>;
  /** Newest first, keyset-paged by `beforeId`. */
  findAuditEntries(filter: AuditFilter): Promise<{ entries: AuditEntry[]; nextBeforeId: number | null }>;
  /** What sign-in throttling holds now. */
  throttleStatus(policy: ThrottlePolicy, filter?: ThrottleFilter): Promise<ThrottleStatus>;
  /** Lifts throttling (the operator's command); audited. */
  resetThrottle(filter: ThrottleFilter & { all?: boolean }, actorId?: number | null): Promise<number>;
}

/**
 * What `createAuthz` returns: {@link AuthzBase} on the process's database, and the two ways to
 * bind it to one transaction. `DB` is the database type given to `createAuthz` (the
 * application's tables and the kit's), so an application writes its own rows in the same
 * transaction as the kit's grants and audit entries (README "Transactions").
 */
export interface Authz<P extends string = string, DB = AuthzTables> extends AuthzBase<P> {
  /**
   * Runs `fn` in a new transaction with the kit bound to it (`tx`) and the transaction itself
   * (`trx`, for the application's own rows): everything commits or rolls back together.
   * `serializable` is for decide-then-write sequences (the no-escalation checks): on
   * PostgreSQL a concurrent change that would invalidate the decision aborts the transaction
   * instead of slipping in between. An aborted transaction is run again whole (`fn` re-reads
   * and re-decides; so `fn` must act on nothing but the database), a bounded number of times
   * with random waits (`conflictRetry`); an `AuthzError` CONFLICT only if the last still conflicts.
   */
  transaction<T>(
    fn: (tx: AuthzBase<P>, trx: Transaction<DB>) => Promise<T>,
    options?: { serializable?: boolean; conflictRetry?: ConflictRetryPolicy },
  ): Promise<T>;
  /**
   * The kit bound to a transaction the application opened on the same database (Kysely's
   * `db.transaction().execute(trx => …)`): the kit's writes through it commit or roll back
   * with the application's.
   */
  withTransaction(trx: Kysely<DB>): AuthzBase<P>;
}

/**
 * After-write hooks on one model's objects (`createAuthz({ hooks })`), for applications that
 * want guardian-style materialised grants. They run inside the write's own transaction — for
 * single and bulk writes alike, because both go through the same helpers — so a failing hook
 * rolls the write back, and no bulk path can skip them (Django's `QuerySet.update()` skips
 * `post_save`). `tx` is the kit bound to that transaction, `trx` the transaction itself.
 */
export interface ObjectHooks<DB = AuthzTables> {
  afterCreate?: (tx: AuthzBase, rows: readonly Row[], trx: Kysely<DB>) => Promise<void>;
  afterUpdate?: (tx: AuthzBase, rows: readonly Row[], trx: Kysely<DB>) => Promise<void>;
  afterDelete?: (tx: AuthzBase, rows: readonly Row[], trx: Kysely<DB>) => Promise<void>;
}
