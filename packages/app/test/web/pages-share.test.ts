/**
 * The share page: by name, only what the actor holds is offered and accepted, errors beside
 * their field, who has access and why, revoke — through the same sharing function as the API.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DIALECTS } from '../../../../test-support/databases.ts';
import { type PageWorld, pageWorld } from './support/page-world.ts';

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
      const page = await w.as('owner', 'GET', `/experiments/${id}/share`);
      assert.match(page.body, /Publish \/ unpublish — you cannot give this/);
      assert.doesNotMatch(page.body, /value="batterydb.change_experiment_status"/, 'no checkbox for it');
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
