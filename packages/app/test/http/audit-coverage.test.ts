/**
 * Issue 9: everything SPEC §5 calls audit-worthy is in the log, in the transaction of the change,
 * and a reader sees an entry only when they may see what it is about.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { AuditEntry } from '@batterydb/authz';
import { syntheticCyclerCsv } from '../../src/cycler/index.ts';
import { DIALECTS } from '../../../../test-support/databases.ts';
import { dataServer, type DataServer, upload } from '../imports/support/data-server.ts';

const CSV = syntheticCyclerCsv({
  cycles: 2,
  pointsPerHalfCycle: 10,
  capacityAh: 1,
  fadePerCycle: 0.01,
  seed: 5,
});

type EntryJson = Omit<AuditEntry, 'at'> & { at: string };

for (const dialect of DIALECTS) {
  describe(`audit coverage and visibility (${dialect})`, () => {
    let server: DataServer;
    let staffToken: string;
    before(async () => {
      server = await dataServer(dialect);
      // Staff who may read the audit log (auth.view_user) and nothing about experiments.
      const staff = await server.authz.createUser({ username: 'auditor', isStaff: true });
      await server.authz.addUserPerms(staff.id, ['auth.view_user']);
      staffToken = (await server.authz.createApiToken(staff.id, { name: 'audit', expiresAt: null })).token;
    });
    after(() => server.close());

    const entries = async (token: string | null, query = '&limit=100') => {
      const response = await server.app.inject({
        method: 'GET',
        url: `/api/admin/audit?${query}`,
        headers: token ? { authorization: `Bearer ${token}` } : {},
      });
      assert.equal(response.statusCode, 200, response.body);
      return response.json<{ items: EntryJson[] }>().items;
    };
    const asRoot = (query = '') =>
      server.as('superuser', { method: 'GET', url: `/api/admin/audit?limit=100${query}` }).then((r) => {
        assert.equal(r.statusCode, 200, r.body);
        return r.json<{ items: EntryJson[] }>().items;
      });

    test('upload, publication and deletion with its data are audited with what changed', async () => {
      const id = await server.experiment({ title: 'audited cell' });
      const uploaded = await upload(server, 'owner', id, 'cell.csv', CSV);
      assert.equal(uploaded.statusCode, 201, uploaded.body);
      const fileId = uploaded.json<{ file: { id: number } }>().file.id;
      const publish = await server.as('maintainer', {
        method: 'PUT',
        url: `/api/experiments/${id}/status`,
        payload: { status: 'public' },
      });
      assert.equal(publish.statusCode, 200);
      await server.as('maintainer', {
        method: 'PUT',
        url: `/api/experiments/${id}/status`,
        payload: { status: 'public' },
      });
      const removed = await server.as('maintainer', { method: 'DELETE', url: `/api/experiments/${id}` });
      assert.equal(removed.statusCode, 204);

      const about = (await asRoot(`&targetType=batterydb.experiment&targetId=${id}`)).reverse();
      assert.deepEqual(
        about.map((e) => [e.action, e.actorId]),
        [
          ['data.upload', server.userIds.owner],
          ['experiment.publish', server.userIds.maintainer],
          ['experiment.delete', server.userIds.maintainer],
        ],
        'a status set to what it already is changes nothing and is not recorded',
      );
      assert.deepEqual(about[0]!.after, {
        importId: uploaded.json<{ import: { id: number } }>().import.id,
        fileId,
        fileName: 'cell.csv',
        format: 'arbin-csv',
      });
      assert.deepEqual([about[1]!.before, about[1]!.after], [{ status: 'private' }, { status: 'public' }]);
      const deleted = about[2]!.before as {
        title: string;
        status: string;
        files: { id: number; sha256: string }[];
      };
      assert.equal(deleted.title, 'audited cell');
      assert.equal(deleted.status, 'public');
      assert.deepEqual(
        deleted.files.map((f) => f.id),
        [fileId],
      );
      assert.match(deleted.files[0]!.sha256, /^[0-9a-f]{64}$/);
    });

    test('role sync, token creation: by the system and by the user', async () => {
      const all = await asRoot();
      assert.equal(
        all.filter((e) => e.action === 'role.sync').length,
        3,
        'the three roles at the first start',
      );
      assert.ok(all.filter((e) => e.action === 'token.create').length >= 6, 'the test tokens');
    });

    test('staff with only auth.view_user do not see entries about experiments they cannot see', async () => {
      const hidden = await server.experiment({ title: 'private work' });
      const shown = await server.experiment({ title: 'public work' });
      for (const id of [hidden, shown])
        assert.equal(
          (await upload(server, 'owner', id, `${id}.csv`, CSV.replace('0.0', `0.${id}`))).statusCode,
          201,
        );
      await server.as('maintainer', {
        method: 'PUT',
        url: `/api/experiments/${shown}/status`,
        payload: { status: 'public' },
      });

      const seen = await entries(staffToken);
      const experimentIds = new Set(
        seen.filter((e) => e.target.type === 'batterydb.experiment').map((e) => e.target.id),
      );
      assert.ok(!experimentIds.has(hidden), 'nothing about the private experiment');
      assert.ok(
        seen.some((e) => e.target.type === 'auth.user'),
        'entries about accounts, with view_user',
      );
      // Public: visible to the readers' roles only, and this auditor holds no role: nothing either.
      assert.ok(!experimentIds.has(shown));
      const readOnly = (await server.authz.findGroupByName('Read only'))!.id;
      const auditor = (await server.authz.findUserByUsername('auditor'))!;
      await server.authz.addMember(readOnly, auditor.id);
      const asReader = await entries(staffToken);
      assert.ok(asReader.some((e) => e.target.id === shown && e.action === 'experiment.publish'));
      assert.ok(!asReader.some((e) => e.target.type === 'batterydb.experiment' && e.target.id === hidden));
      // Entries about a deleted experiment: Maintainers and superusers only.
      assert.ok(!asReader.some((e) => e.action === 'experiment.delete'));
      // Pages never pass over hidden entries: a page of 1 is still only visible entries.
      const one = await entries(staffToken, '&limit=1');
      assert.equal(one.length, 1);
      assert.ok(one[0]!.target.type !== 'batterydb.experiment' || one[0]!.target.id === shown);
      assert.ok(
        (await asRoot()).some((e) => e.target.id === hidden),
        'a superuser sees everything',
      );
    });
  });
}
