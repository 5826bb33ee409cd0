/**
 * The share page: a holder chosen by name, then exactly the permissions the kit's grant policy
 * lets the viewer give that holder offered as checkboxes (an absent one is refused by the server
 * anyway, a present one accepted), errors beside their field, who has access and why (grants
 * that do not count now included), revoke — through the same sharing function as the API.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { DIALECTS } from '../../../../test-support/databases.ts';
import { type PageWorld, pageWorld, type Who } from './support/page-world.ts';

const VIEW = 'batterydb.view_experiment';
const PERMS = [
  VIEW,
  'batterydb.change_experiment',
  'batterydb.delete_experiment',
  'batterydb.change_experiment_status',
];

/** The permission checkboxes of the page's grant form (revoke buttons carry hidden fields). */
const offered = (html: string) =>
  [...html.matchAll(/type="checkbox" name="permissions" value="([^"]+)"/g)].map((m) => m[1]!);

for (const dialect of DIALECTS) {
  describe(`share page (${dialect})`, () => {
    let w: PageWorld;
    before(async () => {
      w = await pageWorld(dialect);
    });
    after(() => w.s.close());
    const share = (id: number, form: Record<string, string | string[]>, path = 'share') =>
      w.as('owner', 'POST', `/experiments/${id}/${path}`, { _csrf: w.csrf('owner'), kind: 'user', ...form });

    test('grant by name, seen by the grantee, listed with its reason and end date, revoked', async () => {
      const id = await w.experiment('private', { title: 'shared by name' });
      assert.equal((await w.as('contributor', 'GET', `/experiments/${id}`)).statusCode, 404);
      const granted = await share(id, {
        name: 'Contributor',
        permissions: 'batterydb.view_experiment',
        expiresAt: '2099-12-31',
      });
      assert.equal(granted.statusCode, 303, 'names are case-insensitive, as at sign-in');
      assert.equal((await w.as('contributor', 'GET', `/experiments/${id}`)).statusCode, 200);
      const page = await w.as('owner', 'GET', `/experiments/${id}/share`);
      assert.match(page.body, /contributor<\/th>|contributor<span/);
      assert.match(page.body, /shared until 2099-12-31/);
      assert.doesNotMatch(page.body, /add_experiment/, 'only what concerns this experiment');
      const revoked = await share(
        id,
        { name: 'contributor', permissions: 'batterydb.view_experiment' },
        'share/revoke',
      );
      assert.equal(revoked.statusCode, 303);
      assert.equal((await w.as('contributor', 'GET', `/experiments/${id}`)).statusCode, 404);
    });

    test('refusals come back beside their field, with what was typed', async () => {
      const id = await w.experiment('private');
      const nobody = await share(id, { name: 'no-such-person', permissions: 'batterydb.view_experiment' });
      assert.equal(nobody.statusCode, 400);
      assert.match(nobody.body, /there is no active user named “no-such-person”/);
      assert.match(nobody.body, /value="no-such-person"/);
      const none = await share(id, { name: 'reader' });
      assert.equal(none.statusCode, 400);
      assert.match(none.body, /tick at least one permission/);
      const notHeld = await share(id, {
        name: 'reader',
        permissions: ['batterydb.view_experiment', 'batterydb.change_experiment_status'],
      });
      assert.equal(notHeld.statusCode, 403, 'nobody hands out what they do not hold (SPEC §4)');
      assert.match(notHeld.body, /change_experiment_status/);
      const page = await w.as('owner', 'GET', `/experiments/${id}/share?kind=user&name=reader`);
      assert.match(page.body, /Publish \/ unpublish: you do not hold it on this experiment/);
      assert.deepEqual(offered(page.body), PERMS.slice(0, 3), 'no checkbox for what she does not hold');
      const past = await share(id, {
        name: 'reader',
        permissions: 'batterydb.view_experiment',
        expiresAt: '2001-01-01',
      });
      assert.equal(past.statusCode, 400);
      assert.match(past.body, /expiresAt must be in the future/);
      const reader = await w.as('reader', 'GET', `/experiments/${id}`);
      assert.equal(reader.statusCode, 404, 'none of the refused grants happened');
    });

    test('choosing a holder by name shows the checkboxes the grant policy allows for that holder', async () => {
      const id = await w.experiment('private', { title: 'who may be given what' });
      const step = (who: Who, query: string) => w.as(who, 'GET', `/experiments/${id}/share?${query}`);

      const first = await step('owner', '');
      assert.equal(first.statusCode, 200);
      assert.deepEqual(offered(first.body), [], 'no checkbox before a holder is chosen');
      assert.match(first.body, /Next: choose permissions/);

      const self = await step('owner', 'kind=user&name=OWNER');
      assert.deepEqual(offered(self.body), []);
      assert.match(
        self.body,
        /You cannot give owner anything on this experiment — you cannot give permissions to yourself/,
      );
      const ownGroup = await step('owner', 'kind=group&name=Contributor');
      assert.deepEqual(offered(ownGroup.body), []);
      assert.match(ownGroup.body, /you are a member of Contributor/);
      const unknown = await step('owner', 'kind=group&name=nobody-here');
      assert.equal(unknown.statusCode, 400);
      assert.match(unknown.body, /there is no group named “nobody-here”/);
      assert.match(unknown.body, /value="nobody-here"/, 'what was typed stays');

      const maintainer = await step('maintainer', 'kind=user&name=reader');
      assert.deepEqual(offered(maintainer.body), PERMS, 'a Maintainer holds all four here');
      assert.match(maintainer.body, /To <strong>reader<\/strong>/);
      const ownRole = await step('maintainer', 'kind=group&name=Maintainer');
      assert.deepEqual(offered(ownRole.body), []);
    });

    test('every offered checkbox is accepted by the server, every absent one refused', async () => {
      const id = await w.experiment('private', { title: 'page and server agree' });
      const holders = [
        { kind: 'user', name: 'reader' },
        { kind: 'user', name: 'contributor' },
        { kind: 'user', name: 'owner' },
        { kind: 'user', name: 'maintainer' },
        { kind: 'group', name: 'Read only' },
        { kind: 'group', name: 'Contributor' },
        { kind: 'group', name: 'Maintainer' },
      ];
      for (const actor of ['owner', 'maintainer'] as const)
        for (const holder of holders) {
          const query = new URLSearchParams(holder).toString();
          const page = await w.as(actor, 'GET', `/experiments/${id}/share?${query}`);
          const offer = offered(page.body);
          for (const perm of PERMS) {
            // Anything but view needs view in the same grant (SPEC: a grant means what it says).
            const permissions = perm === VIEW ? [VIEW] : [VIEW, perm];
            const form = { _csrf: w.csrf(actor), ...holder, permissions };
            const granted = await w.as(actor, 'POST', `/experiments/${id}/share`, form);
            const label = `${actor} gives ${holder.kind} ${holder.name} ${perm}`;
            assert.equal(granted.statusCode === 303, offer.includes(perm), `${label}: ${granted.statusCode}`);
            if (granted.statusCode !== 303) continue;
            const revoked = await w.as(actor, 'POST', `/experiments/${id}/share/revoke`, form);
            assert.equal(revoked.statusCode, 303, `${label}: revoked`);
          }
        }
    });

    test('grants that do not count now are listed, with revoke', async () => {
      const id = await w.experiment('private', { title: 'curated later' });
      const give = (permissions: string[], expiresAt = '') =>
        w.as('maintainer', 'POST', `/experiments/${id}/share`, {
          _csrf: w.csrf('maintainer'),
          kind: 'user',
          name: 'reader',
          permissions,
          expiresAt,
        });
      assert.equal((await give([VIEW, 'batterydb.change_experiment'])).statusCode, 303);
      await w.s.authz.experiments.update(sql`id = ${id}`, { status: 'public' });
      const page = await w.as('maintainer', 'GET', `/experiments/${id}/share`);
      assert.match(
        page.body,
        /Edit \(while private\)<\/strong> — shared, not in force while the experiment is public/,
      );
      assert.match(page.body, /aria-label="Revoke Edit \(while private\) from reader"/);
      const revoked = await w.as('maintainer', 'POST', `/experiments/${id}/share/revoke`, {
        _csrf: w.csrf('maintainer'),
        kind: 'user',
        name: 'reader',
        permissions: 'batterydb.change_experiment',
      });
      assert.equal(revoked.statusCode, 303);
      const after = await w.as('maintainer', 'GET', `/experiments/${id}/share`);
      assert.doesNotMatch(after.body, /not in force/);

      await w.s.authz.experiments.remove({ user: w.ids.reader }, VIEW, id);
      await w.s.authz.experiments.assign({ user: w.ids.reader }, VIEW, id, {
        expiresAt: new Date(w.s.clock.read() + 60_000),
      });
      w.s.clock.tick(120_000);
      const ended = await w.as('maintainer', 'GET', `/experiments/${id}/share`);
      assert.match(ended.body, /<strong>View<\/strong> — shared until \d{4}-\d\d-\d\d, ended/);
      assert.match(ended.body, /aria-label="Revoke View from reader"/);
    });

    test('a collaborator who may view only gets 403 on the share page, a stranger 404', async () => {
      const id = await w.experiment('public');
      assert.equal((await w.as('reader', 'GET', `/experiments/${id}/share`)).statusCode, 403);
      const hidden = await w.experiment('private');
      assert.equal((await w.as('reader', 'GET', `/experiments/${hidden}/share`)).statusCode, 404);
      const forged = await w.as('reader', 'POST', `/experiments/${hidden}/share`, {
        _csrf: w.csrf('reader'),
        kind: 'user',
        name: 'reader',
        permissions: 'batterydb.view_experiment',
      });
      assert.equal(forged.statusCode, 404);
    });
  });
}
