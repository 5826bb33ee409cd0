/**
 * The kit's migrations live in a table of their own (issue 15), beside an application's own
 * Kysely `Migrator`; a database migrated the old way (both in `kysely_migration`) upgrades
 * without running or losing anything.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { type Kysely, type Migration, Migrator, sql } from 'kysely';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../../../test-support/databases.ts';
import { type AuthzTables, createAuthz, createGrantTables, withIdColumn } from '../src/index.ts';
import { countingHasher, testRegistry } from './support/kit.ts';
import { kitMigrationNames, migrateAsBefore } from './support/legacy-layout.ts';

/** An application's migrations: one independent of the kit, one with an object table and its grant tables. */
const appMigrations: Record<string, Migration> = {
  '2020-01-01-notes': {
    async up(db: Kysely<unknown>) {
      await db.schema.createTable('note').addColumn('text', 'varchar(100)').execute();
    },
  },
  '2026-12-01-samples': {
    async up(db: Kysely<unknown>) {
      await withIdColumn(db, db.schema.createTable('sample'))
        .addColumn('owner_id', 'integer', (c) => c.references('authz_user.id'))
        .execute();
      await createGrantTables(db, 'sample');
    },
  },
};

function appMigrator(db: Kysely<unknown>, only: readonly string[] = Object.keys(appMigrations)) {
  return new Migrator({
    db,
    provider: {
      getMigrations: () =>
        Promise.resolve(Object.fromEntries(Object.entries(appMigrations).filter(([n]) => only.includes(n)))),
    },
  });
}

async function migrateApp(db: Kysely<unknown>, only?: readonly string[]): Promise<string[]> {
  const result = await appMigrator(db, only).migrateToLatest();
  if (result.error)
    throw result.error instanceof Error
      ? result.error
      : new Error('migration failed', { cause: result.error });
  return (result.results ?? []).map((r) => r.migrationName);
}

async function names(db: Kysely<unknown>, table: string): Promise<string[]> {
  const { rows } = await sql<{ name: string }>`select name from ${sql.table(table)} order by name`.execute(
    db,
  );
  return rows.map((r) => r.name);
}

async function withDatabase(
  dialect: TestDatabase['dialect'],
  fn: (db: Kysely<AuthzTables>) => Promise<void>,
) {
  const database = await createTestDatabase(dialect);
  try {
    await fn(database.open<AuthzTables>());
  } finally {
    await database.drop();
  }
}

const kitOn = (db: Kysely<AuthzTables>) =>
  createAuthz({ db, registry: testRegistry, hasher: countingHasher() });

for (const dialect of DIALECTS) {
  describe(`migrations beside the application's (${dialect})`, () => {
    test("an application that ran its own Migrator first, then the kit's, then its own again", () =>
      withDatabase(dialect, async (db) => {
        const raw = db as unknown as Kysely<unknown>;
        assert.deepEqual(await migrateApp(raw, ['2020-01-01-notes']), ['2020-01-01-notes']);
        const authz = kitOn(db);
        const first = await authz.migrate({
          roles: [{ name: 'Technician', permissions: ['lab.view_sample'] }],
        });
        assert.deepEqual([...first.applied].sort(), kitMigrationNames);
        assert.equal(first.permissionsCreated, testRegistry.permissions.length);
        assert.deepEqual(await migrateApp(raw), ['2026-12-01-samples']);

        const again = await authz.migrate({
          roles: [{ name: 'Technician', permissions: ['lab.view_sample'] }],
        });
        assert.deepEqual(again, {
          applied: [],
          permissionsCreated: 0,
          roles: [{ role: 'Technician', created: false, added: [], removed: [] }],
        });
        assert.deepEqual(await migrateApp(raw), []);
        assert.deepEqual(await names(raw, 'authz_migration'), kitMigrationNames);
        assert.deepEqual(await names(raw, 'kysely_migration'), Object.keys(appMigrations).sort());
      }));

    test('the migration tables are configurable', () =>
      withDatabase(dialect, async (db) => {
        const raw = db as unknown as Kysely<unknown>;
        const authz = kitOn(db);
        const options = {
          migrationTableName: 'lab_authz_migration',
          migrationLockTableName: 'lab_authz_lock',
        };
        assert.deepEqual([...(await authz.migrate(options)).applied].sort(), kitMigrationNames);
        assert.deepEqual((await authz.migrate(options)).applied, []);
        assert.deepEqual(await names(raw, 'lab_authz_migration'), kitMigrationNames);
        const { rows } = await sql<{ id: string }>`select id from lab_authz_lock`.execute(raw);
        assert.equal(rows.length, 1);
      }));

    test('a database migrated the old way (one Migrator, one table) upgrades: nothing runs again, nothing is lost', () =>
      withDatabase(dialect, async (db) => {
        const raw = db as unknown as Kysely<unknown>;
        const before = await migrateAsBefore(raw, appMigrations);
        assert.deepEqual(before.length, kitMigrationNames.length + Object.keys(appMigrations).length);
        const old = kitOn(db);
        await old.syncPerms();
        const alice = await old.createUser({ username: 'alice', password: 'a long unusual phrase' });
        const techs = await old.createGroup('Technicians');
        await old.addMember(techs.id, alice.id);
        await old.addGroupPerms(techs.id, ['lab.view_sample']);

        const authz = kitOn(db);
        assert.deepEqual(await authz.migrate(), { applied: [], permissionsCreated: 0, roles: [] });
        assert.deepEqual(await migrateApp(raw), [], 'the application runs none of its migrations again');
        assert.deepEqual(await names(raw, 'authz_migration'), kitMigrationNames);
        assert.deepEqual(await names(raw, 'kysely_migration'), Object.keys(appMigrations).sort());
        assert.equal((await authz.authenticate('alice', 'a long unusual phrase')).ok, true);
        assert.equal(await authz.hasPerm(alice.id, 'lab.view_sample'), true);
        assert.deepEqual((await authz.migrate()).applied, []);
      }));

    test('a database migrated the old way before a later kit migration existed gets just that one', () =>
      withDatabase(dialect, async (db) => {
        const raw = db as unknown as Kysely<unknown>;
        const early = (name: string) => name < '2026-11-29-09';
        await migrateAsBefore(raw, appMigrations, early);
        const report = await kitOn(db).migrate();
        assert.deepEqual(
          report.applied,
          kitMigrationNames.filter((name) => !early(name)),
        );
        assert.deepEqual(await names(raw, 'authz_migration'), kitMigrationNames);
        assert.deepEqual(await migrateApp(raw), []);
      }));

    if (dialect === 'postgres')
      test('two processes upgrading an old-layout database at once both succeed, and it upgrades once', async () => {
        const database = await createTestDatabase(dialect);
        try {
          const raw = database.open<unknown>();
          await migrateAsBefore(raw, appMigrations);
          const reports = await Promise.all([
            kitOn(database.open<AuthzTables>()).migrate(),
            kitOn(database.open<AuthzTables>()).migrate(),
          ]);
          assert.deepEqual(
            reports.map((r) => r.applied),
            [[], []],
          );
          assert.deepEqual(await names(raw, 'authz_migration'), kitMigrationNames);
          assert.deepEqual(await names(raw, 'kysely_migration'), Object.keys(appMigrations).sort());
        } finally {
          await database.drop();
        }
      });
  });
}
