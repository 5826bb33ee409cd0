/**
 * Issue 15: the kit records its migrations in `authz_migration`, BatteryDB in Kysely's default
 * `kysely_migration`. A database migrated by the previous code — the kit's and the app's
 * migrations through one Migrator, all recorded in `kysely_migration` — upgrades at the next
 * start: nothing runs again, nothing is lost, each table then holds its own names.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { type Kysely, sql } from 'kysely';
import { createTestDatabase, DIALECTS } from '../../../../test-support/databases.ts';
import { countingHasher } from '../../../authz/test/support/kit.ts';
import { kitMigrationNames, migrateAsBefore } from '../../../authz/test/support/legacy-layout.ts';
import { createAppAuthz } from '../../src/authz/create-app-authz.ts';
import { roles } from '../../src/authz/roles.ts';
import { parseDatabaseUrl } from '../../src/config/database-url.ts';
import { connect } from '../../src/db/connect.ts';
import { appMigrations } from '../../src/db/migrations/index.ts';
import { createExperiments } from '../../src/experiments/create-experiments.ts';

async function names(db: Kysely<unknown>, table: string): Promise<string[]> {
  const { rows } = await sql<{ name: string }>`select name from ${sql.table(table)} order by name`.execute(
    db,
  );
  return rows.map((r) => r.name);
}

for (const dialect of DIALECTS)
  describe(`upgrading a database migrated by the previous code (${dialect})`, () => {
    test('nothing runs again, users, roles, experiments and grants are all there', async () => {
      const database = await createTestDatabase(dialect);
      const connection = await connect(parseDatabaseUrl(database.url));
      try {
        const raw = connection.db as unknown as Kysely<unknown>;
        const authz = createAppAuthz(connection.db, { hasher: countingHasher() });
        // The previous `migrateAll`: one Migrator over both packages' migrations, then the sync.
        await migrateAsBefore(raw, appMigrations);
        await authz.transaction(async (tx) => {
          await tx.syncPerms();
          await tx.syncRoles(roles);
        });
        const owner = await authz.createUser({ username: 'owner', password: 'cathode and anode' });
        const colleague = await authz.createUser({ username: 'colleague' });
        const contributor = (await authz.findGroupByName('Contributor'))!;
        await authz.addMember(contributor.id, owner.id);
        const [experiment] = await createExperiments(authz, owner.id, [{ title: 'LFP half cells' }]);
        await authz.experiments.assign({ user: colleague.id }, 'batterydb.view_experiment', experiment!.id);

        const report = await authz.migrateAll();
        assert.deepEqual(report.applied, []);
        assert.equal(report.permissionsCreated, 0);
        assert.ok(report.roles.every((r) => !r.created && r.added.length === 0 && r.removed.length === 0));
        assert.deepEqual(await names(raw, 'authz_migration'), kitMigrationNames);
        assert.deepEqual(await names(raw, 'kysely_migration'), Object.keys(appMigrations).sort());

        assert.equal((await authz.authenticate('owner', 'cathode and anode')).ok, true);
        assert.equal(await authz.hasPerm(owner.id, 'batterydb.add_experiment'), true);
        assert.equal(
          await authz.experiments.hasPerm(colleague.id, 'batterydb.view_experiment', experiment!.id),
          true,
        );
        assert.equal(
          await authz.experiments.hasPerm(owner.id, 'batterydb.change_experiment', experiment!.id),
          true,
        );
        assert.deepEqual((await authz.migrateAll()).applied, [], 'and the next start is as quiet');
      } finally {
        await connection.close();
        await database.drop();
      }
    });
  });
