/**
 * The public surface of @batterydb/authz (issue 15): exactly these names, one naming
 * convention (`Permission` in type names, `Perm` in function names), and BatteryDB imports
 * the kit only through it. A new export is a decision: add it here, and to the README.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import * as kit from '../src/index.ts';

const VALUES = [
  'AuthzError',
  'DEFAULT_ACTIONS',
  'DEFAULT_SESSION_POLICY',
  'DEFAULT_SUBJECT_CACHE_SIZE',
  'DEFAULT_THROTTLE_POLICY',
  'MAX_PASSWORD_BYTES',
  'MAX_PASSWORD_LENGTH',
  'MAX_TOKENS_PER_USER',
  'MIN_PASSWORD_LENGTH',
  'NEVER_MAPPED',
  'OWASP_ARGON2ID',
  'TOKEN_NAME_MAX',
  'accountViewOf',
  'actorHas',
  'and',
  'anyoneRule',
  'argon2idHasher',
  'authModels',
  'authzMigrations',
  'bindSlots',
  'claimValues',
  'compileKey',
  'compileWithSlots',
  'createAuthz',
  'createGrantTables',
  'createRegistry',
  'decideMappedRoles',
  'decideModelPerm',
  'defineModel',
  'definePolicy',
  'defineRoles',
  'dialectOf',
  'eq',
  'groupRule',
  'mappableGroup',
  'mayActOnAccount',
  'mayChangeGroupPerms',
  'mayChangeMemberships',
  'mayChangeObjectGrant',
  'mayChangeUserPerms',
  'mayCreateGroup',
  'mayCreateUser',
  'mayDeleteGroup',
  'mayRenameGroup',
  'mayRemoveSecondFactor',
  'maySetPassword',
  'mayUpdateUser',
  'nameSkeleton',
  'not',
  'oneOf',
  'or',
  'ownerRule',
  'permsGainedByUpdate',
  'requirePerms',
  'sameSecret',
  'toUser',
  'validateNewPassword',
  'withIdColumn',
];

const TYPES = [
  'AccessFilter',
  'AccountChanges',
  'AccountView',
  'AccountsTables',
  'ApiToken',
  'Argon2Params',
  'AuditEntry',
  'AuditFilter',
  'AuditInput',
  'AuditTarget',
  'AuthenticateResult',
  'Authz',
  'AuthzBase',
  'AuthzErrorCode',
  'AuthzTables',
  'ChangePasswordResult',
  'CompleteSignInResult',
  'CompiledSlots',
  'ConflictRetryPolicy',
  'Condition',
  'Cursor',
  'Decision',
  'DialectName',
  'EndedCredentials',
  'Enrolment',
  'EscalationDenial',
  'ExternalApi',
  'ExternalSignInOptions',
  'ExternalSignInResult',
  'FactorChallenge',
  'FactorCheckResult',
  'FactorUsed',
  'FirstFactorOutcome',
  'GrantChange',
  'GrantHolder',
  'Grantee',
  'GranteeLabel',
  'Group',
  'GroupTable',
  'GroupView',
  'HolderPermissions',
  'LinkResult',
  'MigrateOptions',
  'MigrateReport',
  'ModelDefinition',
  'ModelPermissionDenial',
  'ModelPermissionExplanation',
  'ModelPermissionReason',
  'NewApiToken',
  'NewSession',
  'NewUser',
  'ObjectApi',
  'ObjectHooks',
  'ObjectPermissionDenial',
  'ObjectPermissionExplanation',
  'ObjectPermissionReason',
  'ObjectPolicy',
  'ObjectRef',
  'ObjectRow',
  'Page',
  'PageOptions',
  'PasswordHasher',
  'PasswordOwner',
  'PermissionOf',
  'PermissionSource',
  'PermissionSpec',
  'PermissionTable',
  'RefusalReason',
  'Registry',
  'RoleDefinition',
  'RoleMapping',
  'RoleSyncReport',
  'Rule',
  'SessionClient',
  'SecondFactorStatus',
  'SecondFactorTables',
  'SessionInfo',
  'SessionPolicy',
  'SignInPolicies',
  'SignInResult',
  'Slot',
  'SlotValue',
  'StoredGrant',
  'Subject',
  'ThrottleFilter',
  'ThrottlePolicy',
  'ThrottleScope',
  'ThrottleStatus',
  'ThrottledAccount',
  'TokenScope',
  'TokenScopeEntry',
  'User',
  'UserChanges',
  'UserRef',
  'UserTable',
  'ValidApiToken',
  'ValidSession',
  'VerifiedIdentity',
  'WarmChecks',
  'WarmOptions',
];

const INDEX = readFileSync(new URL('../src/index.ts', import.meta.url), 'utf8');

/** The type-only names `index.ts` exports (`export type { … }` and `type X` inside `export { … }`). */
function typeExports(): string[] {
  const names: string[] = [];
  for (const [, typeOnly, list] of INDEX.matchAll(/export (type )?\{([^}]*)\}/g))
    for (const raw of list!.split(',').map((n) => n.trim()))
      if (raw && (typeOnly || raw.startsWith('type '))) names.push(raw.replace(/^type /, ''));
  return names.sort();
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? sourceFiles(join(dir, entry.name))
      : /\.tsx?$/.test(entry.name)
        ? [join(dir, entry.name)]
        : [],
  );
}

describe('the public surface', () => {
  test('exactly the listed values and types', () => {
    assert.deepEqual(Object.keys(kit).sort(), [...VALUES].sort());
    assert.deepEqual(typeExports(), [...TYPES].sort());
  });

  test('Permission in type names, Perm in function names', () => {
    assert.deepEqual(
      TYPES.filter((name) => /Perm(?!ission)/.test(name)),
      [],
    );
    assert.deepEqual(
      VALUES.filter((name) => /Permission/.test(name)),
      [],
    );
    const methods = Object.keys(kit.createAuthz({ db: {} as never, registry: kit.createRegistry([]) }));
    assert.deepEqual(
      methods.filter((name) => /Permissions?(?!Rows)/.test(name)),
      [],
    );
  });

  test("the kit's internal context stays inside: no `ctx`, no ctx-taking functions", () => {
    // Applications use `transaction((tx, trx) => …)`, `withTransaction(trx)` and `now()`
    // instead (README "Transactions"); the context is free to change between versions.
    for (const name of ['AuthzContext', 'ContextHooks', 'HookRegistry', 'recordAudit'])
      assert.ok(!Object.keys(kit).includes(name) && !typeExports().includes(name), name);
    const authz = kit.createAuthz({
      db: {} as never,
      registry: kit.createRegistry([]),
      now: () => new Date(0),
    });
    const bound = authz.withTransaction({} as never);
    for (const handle of [authz, bound]) {
      assert.ok(!('ctx' in handle));
      assert.equal(handle.now().getTime(), 0);
      assert.equal(typeof handle.recordAudit, 'function');
    }
    const app = new URL('../../app/', import.meta.url).pathname;
    const reaching = [...sourceFiles(join(app, 'src')), ...sourceFiles(join(app, 'test'))].filter((file) =>
      /\.ctx\b|\bctx\.(db|now|policies|hooks|generation|subjects|hasher)\b/.test(readFileSync(file, 'utf8')),
    );
    assert.deepEqual(reaching, []);
  });

  test('BatteryDB imports the kit through its public surface only', () => {
    const app = new URL('../../app/', import.meta.url).pathname;
    const deep = [...sourceFiles(join(app, 'src')), ...sourceFiles(join(app, 'bench'))].filter((file) =>
      /from '(@batterydb\/authz\/|[./]+\/authz\/src)/.test(readFileSync(file, 'utf8')),
    );
    assert.deepEqual(deep, []);
  });
});
