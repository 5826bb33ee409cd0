import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createAuthz, defineRoles } from '@batterydb/authz';
import { DIALECTS } from '../../../test-support/databases.ts';
import { registry } from '../src/authz/registry.ts';
import { roles } from '../src/authz/roles.ts';
import { appDatabase } from './support/app-db.ts';

for (const dialect of DIALECTS) {
  describe(`roles at init (${dialect})`, () => {
    test('right after init the three roles exist with exactly their permissions', async () => {
      const app = await appDatabase(dialect);
      try {
        const groups = await app.connection.db
          .selectFrom('authz_group')
          .select(['id', 'name'])
          .orderBy('name')
          .execute();
        assert.deepEqual(
          groups.map((g) => g.name),
          ['Contributor', 'Maintainer', 'Read only'],
        );
        const perms = async (name: string) =>
          app.authz.groupPermissionRows(groups.find((g) => g.name === name)!.id);
        assert.deepEqual(await perms('Read only'), []);
        assert.deepEqual(await perms('Contributor'), ['batterydb.add_experiment']);
        assert.deepEqual(await perms('Maintainer'), [
          'batterydb.add_experiment',
          'batterydb.change_experiment',
          'batterydb.change_experiment_status',
          'batterydb.delete_experiment',
          'batterydb.view_experiment',
        ]);
      } finally {
        await app.close();
      }
    });

    test('re-running changes nothing; a changed declaration is applied and other groups are left alone', async () => {
      const app = await appDatabase(dialect);
      try {
        const again = await app.authz.migrateAll();
        assert.deepEqual(again.applied, []);
        assert.equal(again.permissionsCreated, 0);
        assert.ok(again.roles.every((r) => !r.created && r.added.length === 0 && r.removed.length === 0));

        const custom = await app.authz.createGroup('Lab A');
        await app.authz.addGroupPerms(custom.id, ['batterydb.view_experiment']);
        // Someone hand-edits a role in the database: the declaration wins at the next migration.
        const readOnly = (await app.authz.findGroupByName('Read only'))!;
        await app.authz.addGroupPerms(readOnly.id, ['auth.add_user']);

        const edited = defineRoles([
          ...roles.filter((r) => r.name !== 'Contributor'),
          { name: 'Contributor', permissions: ['batterydb.add_experiment', 'batterydb.view_experiment'] },
          { name: 'Reviewer', permissions: ['batterydb.change_experiment_status'] },
        ]);
        const authz = createAuthz({ db: app.connection.db, registry });
        const report = await authz.migrate({ roles: edited });
        const byRole = Object.fromEntries(report.roles.map((r) => [r.role, r]));
        assert.deepEqual(byRole.Contributor?.added, ['batterydb.view_experiment']);
        assert.deepEqual(byRole['Read only']?.removed, ['auth.add_user']);
        assert.equal(byRole.Reviewer?.created, true);
        assert.deepEqual(await app.authz.groupPermissionRows(readOnly.id), []);
        assert.deepEqual(await app.authz.groupPermissionRows(custom.id), ['batterydb.view_experiment']);
        const contributor = (await app.authz.findGroupByName('Contributor'))!;
        assert.deepEqual(await app.authz.groupPermissionRows(contributor.id), [
          'batterydb.add_experiment',
          'batterydb.view_experiment',
        ]);
      } finally {
        await app.close();
      }
    });
  });
}
