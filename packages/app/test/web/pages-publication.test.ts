/**
 * Issue 24: publication state stays consistent. A direct publish goes through a confirmation
 * page with an optional note and answers the pending publication request (approved by the
 * publisher, audited), so the queue no longer offers it; the owner of a published experiment,
 * who may not edit it, asks a Maintainer for a correction, which the Maintainer sees in the
 * queue and marks done — audited. An experiment without data offers no export and no request.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DIALECTS } from '../../../../test-support/databases.ts';
import { type PageWorld, pageWorld } from './support/page-world.ts';

for (const dialect of DIALECTS) {
  describe(`publication pages (${dialect})`, () => {
    let w: PageWorld;
    before(async () => {
      w = await pageWorld(dialect);
    });
    after(() => w.s.close());

    const actions = async (experimentId: number) =>
      (
        await w.s.authz.findAuditEntries({
          targetId: experimentId,
          targetType: 'batterydb.experiment',
          limit: 10,
        })
      ).entries.map((e) => e.action);

    test('a direct publish asks first, then answers the pending request with its note', async () => {
      const id = await w.experiment('private', { title: 'Ready cell' });
      const asked = await w.browsers.owner.request({
        method: 'POST',
        url: `/api/experiments/${id}/publication-requests`,
        payload: { note: 'ready' },
      });
      assert.equal(asked.statusCode, 201, asked.body);
      const page = (await w.as('maintainer', 'GET', `/experiments/${id}`)).body;
      assert.match(
        page,
        new RegExp(`href="/experiments/${id}/status\\?to=public"`),
        'a link, not a one-click button',
      );
      const confirm = await w.as('maintainer', 'GET', `/experiments/${id}/status?to=public`);
      assert.equal(confirm.statusCode, 200);
      assert.match(confirm.body, /Publish “Ready cell”\?/);
      assert.match(confirm.body, /This answers the publication request waiting for review/);
      assert.equal((await w.as('owner', 'GET', `/experiments/${id}/status?to=public`)).statusCode, 403);

      const done = await w.as('maintainer', 'POST', `/experiments/${id}/status`, {
        _csrf: w.csrf('maintainer'),
        status: 'public',
        note: 'Looks good.',
      });
      assert.equal(done.statusCode, 303);
      const queue = (await w.as('maintainer', 'GET', '/publication-requests')).body;
      assert.doesNotMatch(queue, /Ready cell/, 'the queue no longer offers it');
      const owner = (await w.as('owner', 'GET', `/experiments/${id}`)).body;
      assert.doesNotMatch(owner, /publication requested/);
      assert.match(owner, /Approved by maintainer/);
      assert.match(owner, /Looks good\./);
      const log = await actions(id);
      assert.ok(log.includes('publication.approve') && log.includes('experiment.publish'), log.join());
    });

    test('the owner of a published experiment asks for a correction; a Maintainer marks it done', async () => {
      const id = await w.experiment('public', { title: 'Typo cell' });
      const page = (await w.as('owner', 'GET', `/experiments/${id}`)).body;
      assert.doesNotMatch(page, /href="\/experiments\/\d+\/edit"/, 'public data is curated');
      assert.match(page, /Ask a Maintainer for a correction/);
      assert.doesNotMatch((await w.as('reader', 'GET', `/experiments/${id}`)).body, /for a correction/);
      const byReader = await w.as('reader', 'POST', `/experiments/${id}/correction-request`, {
        _csrf: w.csrf('reader'),
        note: 'mine now',
      });
      assert.equal(byReader.statusCode, 303);
      const asked = await w.as('owner', 'POST', `/experiments/${id}/correction-request`, {
        _csrf: w.csrf('owner'),
        note: 'The active mass is 12.5 mg, not 125 mg.',
      });
      assert.equal(asked.statusCode, 303);
      const queue = (await w.as('maintainer', 'GET', '/publication-requests')).body;
      assert.match(queue, /Correction asked by/);
      assert.match(queue, /The active mass is 12\.5 mg/);
      assert.match(queue, /Mark as corrected/);
      assert.doesNotMatch(queue, /mine now/, 'a reader may not ask');
      const requestId = Number(/publication-requests\/(\d+)\/decision/.exec(queue)![1]);
      const decided = await w.as('maintainer', 'POST', `/publication-requests/${requestId}/decision`, {
        _csrf: w.csrf('maintainer'),
        decision: 'approve',
        note: 'Fixed.',
      });
      assert.equal(decided.statusCode, 303);
      const after = (await w.as('owner', 'GET', `/experiments/${id}`)).body;
      assert.match(after, /Corrected by maintainer/);
      assert.match(after, /badge-public">public/, 'still public: a correction changes no status');
      assert.deepEqual((await actions(id)).slice(0, 2), ['correction.done', 'correction.request']);
    });

    test('an experiment without data offers no export and no publication request', async () => {
      const id = await w.experiment('private', { title: 'Empty cell' });
      const page = (await w.as('owner', 'GET', `/experiments/${id}`)).body;
      assert.doesNotMatch(page, /Export CSV/);
      assert.doesNotMatch(page, /Ask for publication/);
    });
  });
}
