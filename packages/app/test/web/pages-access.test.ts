/**
 * The pages decide as the API does: the same 404 (invisible) and 403 (visible, not allowed) for
 * the same caller and experiment, sign-in first for signed-out readers, every form post
 * checked for its CSRF token, and no inline code anywhere (strict CSP).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DIALECTS } from '../../../../test-support/databases.ts';
import { makeUser, signIn } from '../http/support/server.ts';
import { inlineCode, PASSWORD, PEOPLE, type PageWorld, pageWorld } from './support/page-world.ts';

/** Each page with the API route that makes the same decision. */
const PAIRS = [
  {
    page: (id: number) => `/experiments/${id}`,
    api: (id: number) => ({ method: 'GET', url: `/api/experiments/${id}` }),
  },
  {
    page: (id: number) => `/experiments/${id}/edit`,
    api: (id: number) => ({ method: 'PATCH', url: `/api/experiments/${id}`, payload: { description: 'x' } }),
  },
  {
    page: (id: number) => `/experiments/${id}/share`,
    api: (id: number) => ({ method: 'GET', url: `/api/experiments/${id}/permissions` }),
  },
  {
    page: (id: number) => `/experiments/${id}/delete`,
    api: (id: number) => ({ method: 'GET', url: `/api/experiments/${id}`, perm: 'delete' }),
  },
] as const;

for (const dialect of DIALECTS) {
  describe(`pages decide as the API does (${dialect})`, () => {
    let w: PageWorld;
    before(async () => {
      w = await pageWorld(dialect);
    });
    after(() => w.s.close());

    test('each page answers the status its API route answers, for every caller', async () => {
      for (const visibility of ['public', 'private'] as const) {
        const id = await w.experiment(visibility);
        for (const who of PEOPLE)
          for (const pair of PAIRS.slice(0, 3)) {
            const page = await w.as(who, 'GET', pair.page(id));
            const { method, url, ...rest } = pair.api(id);
            const api = await w.browsers[who].request({
              method,
              url,
              ...('payload' in rest ? { payload: rest.payload as object } : {}),
            });
            // A PATCH that succeeded changed the description; the decision is what is compared.
            const expected = api.statusCode === 204 ? 200 : api.statusCode;
            assert.equal(
              page.statusCode,
              expected,
              `${who} ${pair.page(id)} (${visibility}) vs ${method} ${url}`,
            );
            assert.match(String(page.headers['content-type']), /^text\/html/);
          }
      }
    });

    test('the delete page is for those who may delete: 404 invisible, 403 visible', async () => {
      const privateId = await w.experiment('private');
      const publicId = await w.experiment('public');
      assert.equal((await w.as('reader', 'GET', `/experiments/${privateId}/delete`)).statusCode, 404);
      assert.equal((await w.as('reader', 'GET', `/experiments/${publicId}/delete`)).statusCode, 403);
      assert.equal((await w.as('owner', 'GET', `/experiments/${privateId}/delete`)).statusCode, 200);
      assert.equal((await w.as('owner', 'GET', `/experiments/${publicId}/delete`)).statusCode, 403);
    });

    test('a private experiment of someone else reads exactly like one that does not exist', async () => {
      const hidden = await w.experiment('private');
      const missing = hidden + 10_000;
      const a = await w.as('contributor', 'GET', `/experiments/${hidden}`);
      const b = await w.as('contributor', 'GET', `/experiments/${missing}`);
      assert.equal(a.statusCode, 404);
      assert.equal(b.statusCode, 404);
      const main = (body: string, id: number) =>
        (/<main[\s\S]*<\/main>/.exec(body)?.[0] ?? '').replaceAll(
          new RegExp(`experiment ${id}\\b`, 'gi'),
          'experiment N',
        );
      assert.equal(main(a.body, hidden), main(b.body, missing));
      assert.match(main(a.body, hidden), /Not found/);
      const compare = await w.as(
        'contributor',
        'GET',
        `/compare?id=${await w.experiment('public')}&id=${hidden}`,
      );
      assert.equal(compare.statusCode, 404, 'a compare page never shows a subset that hints at a hidden one');
    });

    test('signed out: pages send to sign in and back; forms answer 401', async () => {
      const id = await w.experiment('public');
      const page = await w.as('anonymous', 'GET', `/experiments/${id}`);
      assert.equal(page.statusCode, 303);
      assert.equal(page.headers.location, `/sign-in?next=${encodeURIComponent(`/experiments/${id}`)}`);
      const post = await w.as('anonymous', 'POST', `/experiments/${id}/edit`, { title: 'x' });
      assert.equal(post.statusCode, 401);
      assert.match(String(post.headers['content-type']), /^text\/html/);
      assert.equal((await w.as('anonymous', 'GET', '/sign-in')).statusCode, 200);
      assert.equal((await w.as('anonymous', 'GET', '/api-docs')).statusCode, 200);
    });

    test('every form route refuses a signed-in post without the CSRF field (403), and takes it with', async () => {
      const id = await w.experiment('private');
      const routes = w.s.app.batterydb.routes.filter(
        (r) => r.method === 'POST' && !r.url.startsWith('/api/'),
      );
      assert.ok(routes.length >= 12, `the walk sees the form routes (${routes.length})`);
      // Admin forms are for staff: a superuser's session reaches their CSRF check.
      await makeUser(w.s.authz, 'csrf-root', { staff: true, superuser: true, password: PASSWORD });
      const root = await signIn(w.s.app, 'csrf-root', PASSWORD);
      for (const route of routes) {
        const url = route.url.replace(':id', String(id));
        const cookie = route.access?.kind === 'staff' ? root.cookie : w.browsers.owner.cookie;
        const refused = await w.s.app.inject({
          method: 'POST',
          url,
          headers: {
            cookie: `batterydb_session=${cookie}`,
            'content-type': 'application/x-www-form-urlencoded',
          },
          payload: 'title=forged',
        });
        assert.equal(refused.statusCode, 403, `${route.url} without _csrf`);
        assert.match(refused.body, /reload the page/);
        const wrong = await w.s.app.inject({
          method: 'POST',
          url,
          headers: {
            cookie: `batterydb_session=${cookie}`,
            'content-type': 'application/x-www-form-urlencoded',
          },
          payload: `_csrf=${w.csrf('contributor')}`,
        });
        assert.equal(wrong.statusCode, 403, `${route.url} with another session's token`);
      }
      const ok = await w.as('owner', 'POST', `/experiments/${id}/edit`, {
        _csrf: w.csrf('owner'),
        title: 'renamed',
      });
      assert.equal(ok.statusCode, 303);
    });

    test('pages carry no inline script or style, and the strict CSP', async () => {
      const id = await w.experiment('public');
      for (const url of [
        '/sign-in',
        '/experiments',
        `/experiments/${id}`,
        '/experiments/new',
        '/account',
        `/compare?id=${id}`,
        '/api-docs',
        '/nowhere',
      ])
        for (const who of ['owner', 'anonymous'] as const) {
          const response = await w.as(who, 'GET', url);
          if (response.statusCode === 303) continue;
          assert.deepEqual(inlineCode(response.body), [], `${who} ${url}`);
          assert.match(
            String(response.headers['content-security-policy']),
            /script-src 'self';style-src 'self'/,
          );
        }
    });

    test('the API keeps its JSON errors; unknown paths outside it are HTML pages', async () => {
      const api = await w.as('owner', 'GET', '/api/nowhere');
      assert.equal(api.statusCode, 404);
      assert.equal(api.headers['content-type'], 'application/problem+json; charset=utf-8');
      const page = await w.browsers.owner.request({
        method: 'GET',
        url: '/nowhere',
        headers: { accept: 'text/html' },
      });
      assert.equal(page.statusCode, 404);
      assert.match(String(page.headers['content-type']), /^text\/html/);
      const script = await w.as('owner', 'GET', '/nowhere');
      assert.equal(
        script.headers['content-type'],
        'application/problem+json; charset=utf-8',
        'not a browser: JSON',
      );
      const form = await w.s.app.inject({
        method: 'POST',
        url: '/api/experiments',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: 'title=x',
      });
      assert.equal(form.statusCode, 401, 'the API parses no form body (it asks for sign-in first)');
      const formSigned = await w.browsers.owner.request({
        method: 'POST',
        url: '/api/experiments',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: 'title=x',
      });
      assert.equal(formSigned.statusCode, 415, 'the API still takes JSON only');
    });
  });
}
