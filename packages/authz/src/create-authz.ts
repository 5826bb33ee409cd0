import type { Kysely, Transaction } from 'kysely';
import {
  explainPerm,
  getAllPerms,
  getGroupPerms,
  getUserPerms,
  hasPerm,
  hasPerms,
} from './checks/model-checks.ts';
import { loadSubject, type UserRef } from './checks/subject.ts';
import type { Authz, AuthzBase, ObjectHooks } from './authz-api.ts';
import { DEFAULT_SUBJECT_CACHE_SIZE, SubjectCache } from './checks/subject-cache.ts';
import type { AuthzContext, ContextHooks } from './context.ts';
import { type ConflictRetryPolicy, isConflict, retryOnConflict } from './db/conflict-retry.ts';
import { declareDialect, dialectOf, type DialectName } from './db/dialect.ts';
import { AuthzError } from './errors.ts';
import { authzWrite } from './generation/authz-write.ts';
import { createGroup, deleteGroup, findGroupByName, getGroup, renameGroup } from './groups/group.ts';
import { addMember, memberIdsOf, removeMember } from './groups/memberships.ts';
import { migrate } from './migrate.ts';
import { syncPerms } from './permissions/sync-permissions.ts';
import { syncRoles } from './roles/sync-roles.ts';
import { objectHoldingActorLacks } from './escalation/object-holdings.ts';
import { checkSecretKey } from './second-factor/secret-box.ts';
import { argon2idHasher, type PasswordHasher } from './passwords/password-hasher.ts';
import {
  addPermissions,
  permissionsOf,
  removePermissions,
  setPermissions,
} from './permissions/model-permissions.ts';
import type { ObjectPolicy } from './objects/define-policy.ts';
import { objectApi } from './objects/object-api.ts';
import type { ModelDefinition } from './registry/define-model.ts';
import type { Registry } from './registry/registry.ts';
import type { Row } from './rules/conditions.ts';
import type { AuthzTables } from './schema/tables.ts';
import { accountsApi } from './sessions/accounts-api.ts';
import { externalApi } from './external/external-api.ts';
import { authenticate } from './users/authenticate.ts';
import { createUser } from './users/create-user.ts';
import { findUser, findUserByUsername, getUser } from './users/find-user.ts';
import { deleteUser, setPassword, updateUser } from './users/update-user.ts';

type Rest<F> = F extends (ctx: AuthzContext, ...rest: infer R) => infer T ? (...rest: R) => T : never;
function bind<F extends (ctx: AuthzContext, ...rest: never[]) => unknown>(ctx: AuthzContext, fn: F): Rest<F> {
  return ((...rest: never[]) => fn(ctx, ...rest)) as Rest<F>;
}

/**
 * The kit's entry point: one object per process (or per transaction, see `transaction`).
 *
 * @example
 * const authz = createAuthz({ db, registry });
 * await authz.migrate({ roles });
 * if (await authz.hasPerm(userId, 'batterydb.add_experiment')) { … }
 */
export function createAuthz<DB extends AuthzTables, P extends string>(options: {
  db: Kysely<DB>;
  registry: Registry<P>;
  hasher?: PasswordHasher;
  /** The clock (default: the system's); tests pass a fake one. */
  now?: () => Date;
  /** Object-level policies (rules and grant tables) of the models that have objects. */
  policies?: readonly ObjectPolicy[];
  hooks?: readonly { policy: ObjectPolicy; hooks: ObjectHooks<DB> }[];
  /**
   * Users whose permission sets are remembered across requests (default 10,000; 0 turns the
   * cache off). Always fresh: an entry is used only while the stored generation is unchanged.
   */
  subjectCacheSize?: number;
  /**
   * Only for a third-party Kysely dialect whose adapter is not (a subclass of) Kysely's
   * `SqliteAdapter` or `PostgresAdapter`: which of the two SQL dialects it speaks.
   */
  dialect?: DialectName;
  /**
   * 32 bytes from the operator's configuration, never the database: TOTP secrets are stored
   * sealed with it (AES-256-GCM), so a read of the database alone does not give them away.
   */
  secondFactorKey?: Uint8Array;
}): Authz<P, DB> {
  if (options.dialect) declareDialect(options.db, options.dialect);
  const hooks = new Map<string, ContextHooks[]>();
  for (const h of options.hooks ?? [])
    hooks.set(h.policy.key, [...(hooks.get(h.policy.key) ?? []), contextHooks<DB>(h.hooks)]);
  const ctx: AuthzContext = {
    db: options.db as unknown as Kysely<AuthzTables>,
    registry: options.registry,
    hasher: options.hasher ?? argon2idHasher(),
    generation: { value: 0 },
    subjects: new SubjectCache(options.subjectCacheSize ?? DEFAULT_SUBJECT_CACHE_SIZE),
    now: options.now ? () => (options.now as () => Date)().getTime() : Date.now,
    policies: new Map((options.policies ?? []).map((p) => [p.key, p])),
    hooks,
    secondFactorKey: checkSecretKey(options.secondFactorKey),
  };
  const base = authzFor<P>(ctx);
  return {
    ...base,
    /**
     * Runs `fn` with a kit bound to one transaction: its writes commit or roll back together.
     * `serializable` is for decide-then-write sequences (the no-escalation checks): on
     * PostgreSQL a concurrent change that would invalidate the decision aborts the transaction
     * instead of slipping in between. SQLite serialises writers already; a write on a snapshot
     * another process made stale is the same conflict. A conflicted transaction is run again
     * whole — `fn` re-reads and re-decides — a bounded number of times (db/conflict-retry.ts),
     * so `fn` must not act outside the database; only the last attempt's conflict becomes a
     * CONFLICT (409) for the caller.
     */
    transaction: <T>(
      fn: (tx: AuthzBase<P>, trx: Transaction<DB>) => Promise<T>,
      options: { serializable?: boolean; conflictRetry?: ConflictRetryPolicy } = {},
    ): Promise<T> => {
      const builder = ctx.db.transaction();
      const run =
        options.serializable && dialectOf(ctx.db) === 'postgres'
          ? builder.setIsolationLevel('serializable')
          : builder;
      return retryOnConflict(
        () => run.execute((trx) => fn(authzFor<P>({ ...ctx, db: trx }), trx as unknown as Transaction<DB>)),
        options.conflictRetry,
      ).catch((error: unknown) => {
        if (isConflict(error))
          throw new AuthzError('CONFLICT', 'a concurrent change to the same data won; try again');
        throw error;
      });
    },
    /** The kit on the caller's own transaction: same caches and clock, the caller's handle. */
    withTransaction: (trx: Kysely<DB>) => authzFor<P>({ ...ctx, db: trx as unknown as Kysely<AuthzTables> }),
  };
}

/** The application's hooks, called with the kit bound to the write's transaction and that transaction. */
function contextHooks<DB>(hooks: ObjectHooks<DB>): ContextHooks {
  const wrap =
    (hook: NonNullable<ObjectHooks<DB>['afterCreate']>) => (tx: AuthzContext, rows: readonly Row[]) =>
      hook(authzFor(tx), rows, tx.db as unknown as Kysely<DB>);
  return {
    ...(hooks.afterCreate ? { afterCreate: wrap(hooks.afterCreate) } : {}),
    ...(hooks.afterUpdate ? { afterUpdate: wrap(hooks.afterUpdate) } : {}),
    ...(hooks.afterDelete ? { afterDelete: wrap(hooks.afterDelete) } : {}),
  };
}

function authzFor<P extends string>(ctx: AuthzContext): AuthzBase<P> {
  return {
    registry: ctx.registry as Registry<P>,
    now: () => new Date(ctx.now()),
    migrate: bind(ctx, migrate),
    /** Makes a row for every registered permission (`migrate` runs it; for an application's own migration step). */
    syncPerms: bind(ctx, syncPerms),
    /** Brings the declared roles' groups to their declaration (after `syncPerms`, in one transaction). */
    syncRoles: bind(ctx, syncRoles),
    /** Every process's remembered permission sets go stale: after rows written outside the kit. */
    bumpGeneration: () => authzWrite(ctx, () => Promise.resolve()),

    // Model-level decisions (SPEC §3.1). `perm` is typed; strings from outside may be cast:
    // an unknown one is simply false for everyone but an active superuser.
    hasPerm: (user: UserRef, perm: P) => hasPerm(ctx, user, perm),
    hasPerms: (user: UserRef, perms: readonly P[]) => hasPerms(ctx, user, perms),
    getUserPerms: bind(ctx, getUserPerms),
    getGroupPerms: bind(ctx, getGroupPerms),
    getAllPerms: bind(ctx, getAllPerms),
    explainPerm: bind(ctx, explainPerm),
    loadSubject: bind(ctx, loadSubject),
    /** SPEC §4: an object permission the holder has and the actor lacks (SQL, in this handle's transaction). */
    objectHoldingActorLacks: bind(ctx, objectHoldingActorLacks),
    /** Object-level operations of one model (SPEC §3.2–3.6). */
    objects: <M extends ModelDefinition>(policy: ObjectPolicy<M>) => objectApi(ctx, policy),

    authenticate: bind(ctx, authenticate),
    createUser: bind(ctx, createUser),
    findUser: bind(ctx, findUser),
    getUser: bind(ctx, getUser),
    findUserByUsername: bind(ctx, findUserByUsername),
    updateUser: bind(ctx, updateUser),
    setPassword: bind(ctx, setPassword),
    deleteUser: bind(ctx, deleteUser),
    // Sessions, API tokens, sign-in throttling and the audit log (issue 4).
    ...accountsApi(ctx),
    external: externalApi(ctx),

    createGroup: bind(ctx, createGroup),
    getGroup: bind(ctx, getGroup),
    findGroupByName: bind(ctx, findGroupByName),
    renameGroup: bind(ctx, renameGroup),
    deleteGroup: bind(ctx, deleteGroup),
    addMember: bind(ctx, addMember),
    removeMember: bind(ctx, removeMember),
    memberIdsOf: bind(ctx, memberIdsOf),

    addUserPerms: (userId: number, perms: readonly P[]) =>
      addPermissions(ctx, { kind: 'user', id: userId }, perms),
    removeUserPerms: (userId: number, perms: readonly P[]) =>
      removePermissions(ctx, { kind: 'user', id: userId }, perms),
    addGroupPerms: (groupId: number, perms: readonly P[]) =>
      addPermissions(ctx, { kind: 'group', id: groupId }, perms),
    removeGroupPerms: (groupId: number, perms: readonly P[]) =>
      removePermissions(ctx, { kind: 'group', id: groupId }, perms),
    setGroupPerms: (groupId: number, perms: readonly P[]) =>
      setPermissions(ctx, { kind: 'group', id: groupId }, perms),
    userPermissionRows: (userId: number) => permissionsOf(ctx, { kind: 'user', id: userId }),
    groupPermissionRows: (groupId: number) => permissionsOf(ctx, { kind: 'group', id: groupId }),
  };
}
