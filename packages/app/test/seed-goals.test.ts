/**
 * The seed blog post ("Fine Tuning Django User Permissions") walked through on BatteryDB, goal
 * by goal, as its author tells it — each step the author had to do by hand is automatic here.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { sql } from 'kysely';
import { DIALECTS } from '../../../test-support/databases.ts';
import { createExperiments } from '../src/experiments/create-experiments.ts';
import { buildApp } from '../src/server/build-app.ts';
import { appDatabase } from './support/app-db.ts';

for (const dialect of DIALECTS) {
  describe(`the seed's five goals (${dialect})`, () => {
    test('goals 1, 2, 4 and 5 (goal 3 below)', async () => {
      const app = await appDatabase(dialect);
      const { authz } = app;
      try {
        // Goal 2: the roles exist as soon as the project is initialised — no manual step.
        const readOnly = (await authz.findGroupByName('Read only'))!;
        const contributor = (await authz.findGroupByName('Contributor'))!;
        const maintainer = (await authz.findGroupByName('Maintainer'))!;

        // Goal 1: roles with different levels of permission, as groups.
        const reader = await authz.createUser({ username: 'reader' });
        const scientist = await authz.createUser({ username: 'scientist' });
        const curator = await authz.createUser({ username: 'curator' });
        await authz.addMember(readOnly.id, reader.id);
        await authz.addMember(contributor.id, scientist.id);
        await authz.addMember(maintainer.id, curator.id);
        assert.equal(await authz.hasPerm(reader.id, 'batterydb.add_experiment'), false);
        assert.equal(await authz.hasPerm(scientist.id, 'batterydb.add_experiment'), true);
        assert.equal(await authz.hasPerm(curator.id, 'batterydb.change_experiment_status'), true);

        // Goal 5: permissions follow the write: a new experiment is private to its owner at once.
        const [lfp, nmc] = await createExperiments(authz, scientist.id, [
          { title: 'LFP half-cell' },
          { title: 'NMC811 pouch' },
        ]);
        const a = Number(lfp!.id);
        const b = Number(nmc!.id);
        assert.equal(await authz.experiments.hasPerm(scientist.id, 'batterydb.change_experiment', a), true);
        assert.equal(await authz.experiments.hasPerm(reader.id, 'batterydb.view_experiment', a), false);
        assert.equal(await authz.experiments.count(reader.id, 'batterydb.view_experiment'), 0);

        // Goal 4: the same user can do different things to two experiments of the same model.
        await authz.experiments.update(sql`id = ${a}`, { status: 'public' });
        assert.equal(await authz.experiments.hasPerm(reader.id, 'batterydb.view_experiment', a), true);
        assert.equal(await authz.experiments.hasPerm(reader.id, 'batterydb.view_experiment', b), false);
        // "The contributing user can modify the object if status is private but not if public."
        assert.equal(await authz.experiments.hasPerm(scientist.id, 'batterydb.change_experiment', a), false);
        assert.equal(await authz.experiments.hasPerm(scientist.id, 'batterydb.change_experiment', b), true);
        // A reader given one object permission sees that experiment and only that one.
        await authz.experiments.assign({ user: reader.id }, 'batterydb.view_experiment', b);
        assert.equal(await authz.experiments.count(reader.id, 'batterydb.view_experiment'), 2);

        // Goal 5 again, for users: a new maintainer sees everything the moment they join.
        const late = await authz.createUser({ username: 'latecomer' });
        assert.equal(await authz.experiments.count(late.id, 'batterydb.view_experiment'), 0);
        await authz.addMember(maintainer.id, late.id);
        assert.equal(await authz.experiments.count(late.id, 'batterydb.view_experiment'), 2);
        // Bulk writes cannot skip the rules: publishing everything is one UPDATE, seen at once.
        await authz.experiments.update(sql`1 = 1`, { status: 'public' });
        assert.equal(await authz.experiments.hasPerm(scientist.id, 'batterydb.change_experiment', b), false);
      } finally {
        await app.close();
      }
    });

    test('goal 3: a staff user cannot escalate through the admin — enforced by the server', async () => {
      const app = await appDatabase(dialect);
      const server = await buildApp({ connection: app.connection, authz: app.authz });
      try {
        const { authz } = app;
        // The seed locked the admin's form fields; here the server refuses, whatever is sent.
        const clerk = await authz.createUser({ username: 'clerk', isStaff: true });
        await authz.addUserPerms(clerk.id, ['auth.view_user', 'auth.change_user', 'auth.view_group']);
        const maintainer = (await authz.findGroupByName('Maintainer'))!;
        const peer = await authz.createUser({ username: 'peer' });
        const { token } = await authz.createApiToken(clerk.id, { name: 'admin', expiresAt: null });
        const as = (method: 'PATCH' | 'PUT', url: string, payload: object) =>
          server.inject({ method, url, payload, headers: { authorization: `Bearer ${token}` } });

        const own = await as('PATCH', `/api/admin/users/${clerk.id}`, { isSuperuser: true });
        assert.equal(own.statusCode, 403);
        const promote = await as('PATCH', `/api/admin/users/${peer.id}`, { isSuperuser: true });
        assert.equal(promote.statusCode, 403);
        const join = await as('PUT', `/api/admin/users/${clerk.id}/groups`, { groups: [maintainer.id] });
        assert.equal(join.statusCode, 403);
        const lend = await as('PUT', `/api/admin/users/${peer.id}/groups`, { groups: [maintainer.id] });
        assert.equal(lend.statusCode, 403);
        assert.equal(await authz.hasPerm(clerk.id, 'batterydb.change_experiment'), false);
        assert.equal(await authz.hasPerm(peer.id, 'batterydb.change_experiment'), false);
        assert.equal((await authz.getUser(clerk.id)).isSuperuser, false);
      } finally {
        await server.close();
        await app.close();
      }
    });
  });
}
