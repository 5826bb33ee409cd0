/**
 * Issue 24: query strings read leniently (an unknown parameter is ignored, never an error page;
 * blank ones are dropped from the URL; old names still work), and forms that report every
 * invalid field at once, in the words of their labels, keeping what was typed, with numbers
 * accepted with a decimal comma.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DIALECTS } from '../../../../test-support/databases.ts';
import { type PageWorld, pageWorld } from './support/page-world.ts';

const invalid = (html: string) => [...html.matchAll(/<input[^>]*aria-invalid="true"[^>]*>/g)].length;

for (const dialect of DIALECTS) {
  describe(`lenient pages and whole-form errors (${dialect})`, () => {
    let w: PageWorld;
    before(async () => {
      w = await pageWorld(dialect);
    });
    after(() => w.s.close());

    test('unknown parameters are ignored: the page renders', async () => {
      const id = await w.experiment('public', { title: 'Graphite half-cell' });
      for (const url of [
        '/experiments?utm_source=newsletter&page=2',
        `/experiments/${id}?utm_source=mail&fbclid=x`,
        '/publication-requests?page=3&status=pending',
        '/account?tab=tokens',
        '/experiments?utm=1&utm=2',
      ]) {
        const response = await w.as('maintainer', 'GET', url);
        assert.equal(response.statusCode, 200, url);
      }
      assert.match((await w.as('reader', 'GET', '/experiments?q=graphite&x=1')).body, /Graphite half-cell/);
      // The API stays strict: a script's typo is named.
      assert.equal((await w.as('reader', 'GET', '/api/experiments?utm_source=x')).statusCode, 400);
    });

    test('a search URL does not carry its blank fields: sent once to the clean URL', async () => {
      const response = await w.as(
        'reader',
        'GET',
        '/experiments?q=lfp&chemistry=&material=&status=&sort=title',
      );
      assert.equal(response.statusCode, 302);
      assert.equal(response.headers.location, '/experiments?q=lfp&sort=title');
      const clean = await w.as('reader', 'GET', '/experiments?q=lfp&sort=title');
      assert.equal(clean.statusCode, 200);
      // The next-page links the page makes carry no blank field either.
      assert.doesNotMatch(clean.body, /href="[^"]*=&/);
    });

    test('temperature filters take a decimal comma; every bad filter is named by its label at once', async () => {
      await w.experiment('public', { title: 'Warm cell', temperatureC: 45.5 });
      const comma = await w.as('reader', 'GET', '/experiments?temperatureMin=45,5');
      assert.equal(comma.statusCode, 200);
      assert.match(comma.body, /Warm cell/);
      const bad = await w.as(
        'reader',
        'GET',
        '/experiments?temperatureMin=warm&temperatureMax=hot&startFrom=soon',
      );
      assert.equal(bad.statusCode, 400);
      assert.equal(invalid(bad.body), 3, 'three fields marked');
      assert.match(bad.body, /Temperature from \(°C\) must be a number/);
      assert.match(bad.body, /Temperature to \(°C\) must be a number/);
      assert.match(bad.body, /Start date from must be a date/);
      assert.doesNotMatch(bad.body, /temperatureMin must/, 'no internal names');
      assert.match(bad.body, /Please correct the 3 fields marked below/);
      assert.match(bad.body, /value="warm"/, 'what was typed stays');
    });

    test('the experiment form reports every invalid field at once and takes 12,5', async () => {
      const typed = {
        _csrf: w.csrf('owner'),
        title: ' ',
        activeMassMg: 'twelve',
        temperatureC: '-400',
        description: 'kept',
      };
      const bad = await w.as('owner', 'POST', '/experiments', typed);
      assert.equal(bad.statusCode, 400);
      assert.equal(invalid(bad.body), 3);
      assert.match(bad.body, /Title must not be empty/);
      assert.match(bad.body, /Active mass \(mg\) must be a number/);
      assert.match(bad.body, /Temperature \(°C\) must be between/);
      assert.match(bad.body, />kept<\/textarea>/);
      const good = await w.as('owner', 'POST', '/experiments', {
        ...typed,
        title: 'Comma cell',
        activeMassMg: '12,5',
        temperatureC: '25',
      });
      assert.equal(good.statusCode, 303);
      const id = Number(String(good.headers.location).split('/').pop());
      const json = (await w.browsers.owner.request({ method: 'GET', url: `/api/experiments/${id}` })).json<{
        activeMassMg: number;
      }>();
      assert.equal(json.activeMassMg, 12.5);
    });
  });
}
