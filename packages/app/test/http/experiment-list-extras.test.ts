/**
 * What the experiment list gained for the pages: a total that stays cheap (`estimate`: exact
 * up to 1,000, then "1,000+"), `include=permissions` (what the caller may do per row, one
 * prefetch) and `include=summary`; the name lookup for sharing; sample ranges for plot zoom;
 * the active mass.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { DIALECTS } from '../../../../test-support/databases.ts';
import { createExperiments } from '../../src/experiments/create-experiments.ts';
import { PASSWORD, type PageWorld, pageWorld } from '../web/support/page-world.ts';

type Page = {
  items: { id: number; permissions?: string[]; summary?: { cycles: number }; activeMassMg: number | null }[];
  total: number | null;
  totalExact: boolean;
};

for (const dialect of DIALECTS) {
  describe(`experiment list extras, name lookup, zoom (${dialect})`, () => {
    let w: PageWorld;
    before(async () => {
      w = await pageWorld(dialect);
    });
    after(() => w.s.close());
    const list = async (who: 'reader' | 'owner' | 'maintainer', query: string) => {
      const response = await w.browsers[who].request({ method: 'GET', url: `/api/experiments?${query}` });
      assert.equal(response.statusCode, 200, response.body);
      return response.json<Page>();
    };

    test('include=permissions says what the caller may do with each row', async () => {
      const mine = await w.experiment('private', { title: 'perm private' });
      const shown = await w.experiment('public', { title: 'perm public' });
      const owner = await list('owner', 'q=perm&include=permissions');
      const byId = new Map(owner.items.map((i) => [i.id, i.permissions]));
      assert.deepEqual(byId.get(mine), [
        'batterydb.view_experiment',
        'batterydb.change_experiment',
        'batterydb.delete_experiment',
      ]);
      assert.deepEqual(
        byId.get(shown),
        ['batterydb.view_experiment'],
        'public: the owner may no longer change it',
      );
      const maintainer = await list('maintainer', 'q=perm&include=permissions,summary');
      for (const item of maintainer.items) {
        assert.equal(item.permissions?.length, 4);
        assert.deepEqual(item.summary, { cycles: 0, lastDischargeCapacityAh: null });
      }
      const plain = await list('reader', 'q=perm');
      assert.equal(plain.items[0]?.permissions, undefined, 'only when asked');
    });

    test('the total: exact up to 1,000, then 1,000 with totalExact false; exact and none on request', async () => {
      await createExperiments(
        w.s.authz,
        w.ids.owner,
        Array.from({ length: 1001 }, (_, i) => ({ title: `bulk ${i}`, tags: ['bulk'] })),
      );
      await w.s.authz.experiments.update(sql`tags like '%,bulk,%'`, { status: 'public' });
      const cheap = await list('reader', 'tag=bulk&limit=5');
      assert.equal(cheap.total, 1000);
      assert.equal(cheap.totalExact, false);
      assert.equal(cheap.items.length, 5);
      const exact = await list('reader', 'tag=bulk&limit=5&total=exact');
      assert.equal(exact.total, 1001);
      assert.equal(exact.totalExact, true);
      const none = await list('reader', 'tag=bulk&limit=5&total=none');
      assert.equal(none.total, null);
      const few = await list('reader', 'tag=bulk&q=bulk 7');
      assert.equal(few.totalExact, true, 'under the cap the total is exact');
      const page = await w.as('reader', 'GET', '/experiments?tag=bulk');
      assert.match(page.body, /1,000\+ experiments/);
      // Without a filter the list runs its precompiled statement: the same cap, the same words.
      const unfiltered = await list('reader', 'limit=5');
      assert.deepEqual([unfiltered.total, unfiltered.totalExact], [1000, false]);
      assert.equal((await list('reader', 'limit=5&total=exact')).totalExact, true);
      assert.match((await w.as('reader', 'GET', '/experiments')).body, /1,000\+ experiments/);
      const bad = await w.browsers.reader.request({ method: 'GET', url: '/api/experiments?include=secrets' });
      assert.equal(bad.statusCode, 400);
    });

    test('name lookup: names only, active users and groups, prefix, rate-limited', async () => {
      await w.s.authz.createUser({ username: 'colleague-a', password: PASSWORD });
      const gone = await w.s.authz.createUser({ username: 'colleague-gone', password: PASSWORD });
      await w.s.authz.updateUser(gone.id, { isActive: false });
      const lookup = (q: string) =>
        w.browsers.reader.request({ method: 'GET', url: `/api/directory?q=${encodeURIComponent(q)}` });
      const found = (await lookup('COLL')).json<{ items: Record<string, unknown>[] }>().items;
      assert.deepEqual(found, [{ kind: 'user', name: 'colleague-a', displayName: 'colleague-a' }]);
      const groups = (
        await w.browsers.reader.request({ method: 'GET', url: '/api/directory?q=main&kind=group' })
      ).json<{ items: { kind: string; name: string }[] }>().items;
      assert.deepEqual(groups, [{ kind: 'group', name: 'Maintainer', displayName: 'Maintainer (group)' }]);
      assert.deepEqual((await lookup('%')).json<{ items: unknown[] }>().items, [], 'wildcards are literal');
      const anonymous = await w.s.app.inject({ method: 'GET', url: '/api/directory?q=col' });
      assert.equal(anonymous.statusCode, 401);
      let limited = 0;
      for (let i = 0; i < 70 && limited === 0; i++)
        if ((await lookup('c')).statusCode === 429) limited = i + 1;
      assert.ok(limited > 50 && limited <= 61, `refused after the limit (at request ${limited})`);
      const refused = await lookup('c');
      assert.equal(refused.headers['content-type'], 'application/problem+json; charset=utf-8');
      assert.ok(refused.headers['retry-after']);
      const other = await w.browsers.owner.request({ method: 'GET', url: '/api/directory?q=c' });
      assert.equal(other.statusCode, 200, 'the limit is per user');
    });

    test('active mass is an experiment field: stored, shown, validated', async () => {
      const made = await w.browsers.owner.request({
        method: 'POST',
        url: '/api/experiments',
        payload: { title: 'mass', activeMassMg: 4.25 },
      });
      assert.equal(made.statusCode, 201);
      const id = made.json<{ id: number; activeMassMg: number }>().id;
      assert.equal(made.json<{ activeMassMg: number }>().activeMassMg, 4.25);
      const zero = await w.browsers.owner.request({
        method: 'PATCH',
        url: `/api/experiments/${id}`,
        payload: { activeMassMg: 0 },
      });
      assert.equal(zero.statusCode, 400);
      assert.equal(zero.json<{ field: string }>().field, 'activeMassMg');
      const cleared = await w.browsers.owner.request({
        method: 'PATCH',
        url: `/api/experiments/${id}`,
        payload: { activeMassMg: null },
      });
      assert.equal(cleared.json<{ activeMassMg: null }>().activeMassMg, null);
    });

    test('timeseries sample ranges need a file and an order', async () => {
      const id = await w.experiment('private');
      const get = (query: string) =>
        w.browsers.owner.request({ method: 'GET', url: `/api/experiments/${id}/timeseries?${query}` });
      const noFile = await get('seqFrom=1&seqTo=10');
      assert.equal(noFile.statusCode, 400);
      assert.equal(noFile.json<{ field: string }>().field, 'seqFrom');
      const backwards = await get('fileId=1&seqFrom=10&seqTo=2');
      assert.equal(backwards.json<{ field: string }>().field, 'seqTo');
      const empty = await get('fileId=1&seqFrom=1&seqTo=10');
      assert.equal(empty.statusCode, 200);
      assert.equal(empty.json<{ points: number }>().points, 0);
    });
  });
}
