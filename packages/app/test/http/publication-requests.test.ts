/**
 * Publication requests (SPEC §3.3): whoever may change a private experiment asks; whoever may
 * change its status (Maintainers) sees the queue and decides; both are audited; the owner
 * sees the outcome; nobody learns of an experiment they cannot see.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DIALECTS } from '../../../../test-support/databases.ts';
import { type PageWorld, pageWorld } from '../web/support/page-world.ts';

type Request = {
  id: number;
  status: string;
  experiment: { id: number; status: string };
  decisionNote: string;
  requestedBy: string;
};

for (const dialect of DIALECTS) {
  describe(`publication requests (${dialect})`, () => {
    let w: PageWorld;
    before(async () => {
      w = await pageWorld(dialect);
    });
    after(() => w.s.close());

    const api = (
      who: 'reader' | 'owner' | 'contributor' | 'maintainer',
      method: 'GET' | 'POST',
      url: string,
      payload?: object,
    ) => w.browsers[who].request({ method, url, ...(payload ? { payload } : {}) });

    test('ask, queue, approve: the experiment becomes public, the owner sees the outcome, both audited', async () => {
      const id = await w.experiment('private', { title: 'ask me' });
      assert.equal(
        (await api('contributor', 'POST', `/api/experiments/${id}/publication-requests`, { note: 'x' }))
          .statusCode,
        404,
      );
      assert.equal(
        (await api('reader', 'POST', `/api/experiments/${id}/publication-requests`, {})).statusCode,
        404,
      );
      const asked = await api('owner', 'POST', `/api/experiments/${id}/publication-requests`, {
        note: 'Ready: see DOI 10.1/x',
      });
      assert.equal(asked.statusCode, 201);
      const request = asked.json<Request>();
      assert.equal(request.status, 'pending');
      assert.equal(request.requestedBy, 'owner');
      const twice = await api('owner', 'POST', `/api/experiments/${id}/publication-requests`, {});
      assert.equal(twice.statusCode, 409, 'one pending request per experiment');

      const queue = (who: 'reader' | 'owner' | 'maintainer') =>
        api(who, 'GET', '/api/publication-requests').then((r) =>
          r.json<{ items: Request[] }>().items.map((i) => i.id),
        );
      assert.ok((await queue('maintainer')).includes(request.id));
      assert.deepEqual(await queue('reader'), [], 'the queue shows only what one may decide');
      assert.deepEqual(await queue('owner'), []);

      const byOwner = await api('owner', 'POST', `/api/publication-requests/${request.id}/decision`, {
        decision: 'approve',
      });
      assert.equal(byOwner.statusCode, 403, 'the owner sees the experiment but may not change its status');
      const byReader = await api('reader', 'POST', `/api/publication-requests/${request.id}/decision`, {
        decision: 'approve',
      });
      assert.equal(byReader.statusCode, 404, 'a request about an invisible experiment does not exist');

      const approved = await api('maintainer', 'POST', `/api/publication-requests/${request.id}/decision`, {
        decision: 'approve',
        note: 'Welcome aboard',
      });
      assert.equal(approved.statusCode, 200);
      assert.equal(approved.json<Request>().experiment.status, 'public');
      const again = await api('maintainer', 'POST', `/api/publication-requests/${request.id}/decision`, {
        decision: 'decline',
      });
      assert.equal(again.statusCode, 409, 'decided once');

      const seen = await api('owner', 'GET', `/api/experiments/${id}/publication-requests`);
      assert.equal(seen.statusCode, 200);
      const [outcome] = seen.json<{ items: Request[] }>().items;
      assert.equal(outcome?.status, 'approved');
      assert.equal(outcome?.decisionNote, 'Welcome aboard');
      assert.equal(
        (await api('reader', 'GET', `/api/experiments/${id}`)).statusCode,
        200,
        'readers see it now',
      );
      assert.equal(
        (await api('reader', 'GET', `/api/experiments/${id}/publication-requests`)).statusCode,
        403,
      );

      const audit = await w.s.db
        .selectFrom('authz_audit_log')
        .select(['action', 'actor_id'])
        .where('target_type', '=', 'batterydb.experiment')
        .where('target_id', '=', id)
        .orderBy('id')
        .execute();
      assert.deepEqual(
        audit.map((a) => [a.action, a.actor_id]),
        [
          ['publication.request', w.ids.owner],
          ['publication.approve', w.ids.maintainer],
        ],
      );
    });

    test('decline keeps the experiment private; a public experiment cannot be asked for; bad input names its field', async () => {
      const id = await w.experiment('private');
      const request = (
        await api('owner', 'POST', `/api/experiments/${id}/publication-requests`, {})
      ).json<Request>();
      const declined = await api('maintainer', 'POST', `/api/publication-requests/${request.id}/decision`, {
        decision: 'decline',
        note: 'Add the cycler settings first',
      });
      assert.equal(declined.json<Request>().experiment.status, 'private');
      assert.equal(
        (await api('owner', 'POST', `/api/experiments/${id}/publication-requests`, {})).statusCode,
        201,
        'may ask again',
      );
      const publicId = await w.experiment('public');
      assert.equal(
        (await api('maintainer', 'POST', `/api/experiments/${publicId}/publication-requests`, {})).statusCode,
        409,
      );
      const long = await api('owner', 'POST', `/api/experiments/${id}/publication-requests`, {
        note: 'x'.repeat(2001),
      });
      assert.equal(long.statusCode, 400);
      assert.equal(long.json<{ field: string }>().field, 'note');
      const odd = await api('maintainer', 'POST', `/api/publication-requests/${request.id}/decision`, {
        decision: 'maybe',
      });
      assert.equal(odd.statusCode, 400);
    });

    test('the pages: the owner asks with a note, the Maintainer approves from the queue', async () => {
      const id = await w.experiment('private', { title: 'page flow' });
      const asked = await w.as('owner', 'POST', `/experiments/${id}/publication-request`, {
        _csrf: w.csrf('owner'),
        note: 'please',
      });
      assert.equal(asked.statusCode, 303);
      const queue = await w.as('maintainer', 'GET', '/publication-requests');
      assert.match(queue.body, /page flow/);
      const [mine] = (await api('owner', 'GET', `/api/experiments/${id}/publication-requests`)).json<{
        items: Request[];
      }>().items;
      const requestId = mine!.id;
      assert.ok(
        queue.body.includes(`/publication-requests/${requestId}/decision`),
        'the queue has its decision form',
      );
      const decided = await w.as('maintainer', 'POST', `/publication-requests/${requestId}/decision`, {
        _csrf: w.csrf('maintainer'),
        decision: 'approve',
        note: '',
      });
      assert.equal(decided.statusCode, 303);
      const page = await w.as('owner', 'GET', `/experiments/${id}`);
      assert.match(page.body, /badge-public/);
      assert.match(page.body, /Approved by maintainer/);
      const readerQueue = await w.as('reader', 'GET', '/publication-requests');
      assert.doesNotMatch(readerQueue.body, /page flow/);
    });
  });
}
