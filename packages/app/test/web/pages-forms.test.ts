/**
 * Forms as a person meets them: a refused post comes back with what was typed and the error
 * beside its field (the API's problem `field`), a good one redirects (post/redirect/get) with
 * a one-time message, and nothing typed ever becomes markup.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DIALECTS } from '../../../../test-support/databases.ts';
import { signIn } from '../http/support/server.ts';
import { PASSWORD, type PageWorld, pageWorld } from './support/page-world.ts';

const flashOf = (response: { cookies: { name: string; value: string }[] }) =>
  response.cookies.find((c) => c.name === 'batterydb_flash')?.value;

for (const dialect of DIALECTS) {
  describe(`page forms (${dialect})`, () => {
    let w: PageWorld;
    before(async () => {
      w = await pageWorld(dialect);
    });
    after(() => w.s.close());

    test('create: a 400 keeps what was typed and names the field; a good post redirects to the new page', async () => {
      const typed = {
        _csrf: w.csrf('owner'),
        title: '   ',
        description: 'Formation at C/20, 25 °C',
        activeMassMg: 'twelve',
      };
      const bad = await w.as('owner', 'POST', '/experiments', typed);
      assert.equal(bad.statusCode, 400);
      assert.match(bad.body, /Formation at C\/20, 25 °C/, 'the description typed is still there');
      assert.match(
        bad.body,
        /id="f-activeMassMg"[^>]*aria-invalid="true"|aria-invalid="true"[^>]*id="f-activeMassMg"/,
      );
      assert.match(bad.body, /Active mass \(mg\) must be a number/);
      const noTitle = await w.as('owner', 'POST', '/experiments', { ...typed, activeMassMg: '12.5' });
      assert.equal(noTitle.statusCode, 400);
      assert.match(
        noTitle.body,
        /Title must not be empty/,
        'the domain rule, with the field named as its label says',
      );
      assert.match(noTitle.body, /value="12.5"/);
      const good = await w.as('owner', 'POST', '/experiments', {
        ...typed,
        title: 'LFP coin cell',
        activeMassMg: '12.5',
        tags: 'aging, Coin',
      });
      assert.equal(good.statusCode, 303);
      const location = String(good.headers.location);
      assert.match(location, /^\/experiments\/\d+$/);
      const id = Number(location.split('/').pop());
      const json = (await w.browsers.owner.request({ method: 'GET', url: `/api/experiments/${id}` })).json<{
        activeMassMg: number;
        status: string;
        tags: string[];
      }>();
      assert.equal(json.activeMassMg, 12.5);
      assert.equal(json.status, 'private');
      assert.deepEqual(json.tags, ['aging', 'coin']);
      assert.ok(flashOf(good), 'a one-time message for the next page');
    });

    test('a forged field is refused (no mass assignment through forms either)', async () => {
      const forged = await w.as('owner', 'POST', '/experiments', {
        _csrf: w.csrf('owner'),
        title: 'x',
        status: 'public',
      });
      assert.equal(forged.statusCode, 400);
      const reader = await w.as('reader', 'POST', '/experiments', { _csrf: w.csrf('reader'), title: 'x' });
      assert.equal(reader.statusCode, 403, 'a Read only user may not add experiments, by form or API');
    });

    test('edit: the form shows the stored values; a bad active mass is refused beside its field', async () => {
      const id = await w.experiment('private', { chemistry: 'NMC811', activeMassMg: 3.2 });
      const form = await w.as('owner', 'GET', `/experiments/${id}/edit`);
      assert.equal(form.statusCode, 200);
      assert.match(form.body, /value="NMC811"/);
      assert.match(form.body, /value="3.2"/);
      const bad = await w.as('owner', 'POST', `/experiments/${id}/edit`, {
        _csrf: w.csrf('owner'),
        title: 'kept',
        activeMassMg: '0',
      });
      assert.equal(bad.statusCode, 400);
      assert.match(bad.body, /Active mass \(mg\) must be greater than 0/);
      assert.match(bad.body, /value="kept"/);
    });

    test('what users type is escaped everywhere', async () => {
      const id = await w.experiment('public', {
        title: '<script>alert(1)</script>',
        description: '"><img src=x onerror=alert(2)>',
      });
      for (const url of [`/experiments/${id}`, '/experiments', `/experiments/${id}/edit`]) {
        const who = url.endsWith('edit') ? 'maintainer' : 'reader';
        const body = (await w.as(who, 'GET', url)).body;
        assert.ok(!body.includes('<script>alert(1)</script>'), url);
        assert.ok(!body.includes('<img src=x'), url);
        assert.match(body, /&lt;script>alert\(1\)&lt;\/script>/, url);
      }
    });

    test('the flash message shows once', async () => {
      const id = await w.experiment('private');
      const posted = await w.as('owner', 'POST', `/experiments/${id}/edit`, {
        _csrf: w.csrf('owner'),
        title: 'flash',
      });
      const cookie = flashOf(posted)!;
      const page = await w.s.app.inject({
        method: 'GET',
        url: `/experiments/${id}`,
        headers: { cookie: `batterydb_session=${w.browsers.owner.cookie}; batterydb_flash=${cookie}` },
      });
      assert.match(page.body, /Changes saved\./);
      assert.equal(page.cookies.find((c) => c.name === 'batterydb_flash')?.value, '', 'cleared once read');
    });

    test('sign in and out through the forms; a bad password is one message and 401', async () => {
      const wrong = await w.as('anonymous', 'POST', '/sign-in', {
        username: 'reader',
        password: 'nope',
        next: '/experiments',
      });
      assert.equal(wrong.statusCode, 401);
      assert.match(wrong.body, /The username or password is incorrect/);
      assert.match(wrong.body, /value="reader"/, 'the username typed stays');
      const right = await w.as('anonymous', 'POST', '/sign-in', {
        username: 'reader',
        password: PASSWORD,
        next: '//evil.example/x',
      });
      assert.equal(right.statusCode, 303);
      assert.equal(right.headers.location, '/experiments', 'only a path of this site is a next page');
      const cookie = right.cookies.find((c) => c.name === 'batterydb_session')!;
      assert.equal(cookie.httpOnly, true);
      assert.equal(cookie.sameSite, 'Lax');
      const me = await w.s.app.inject({
        method: 'GET',
        url: '/api/auth/me',
        headers: { cookie: `batterydb_session=${cookie.value}` },
      });
      const csrf = me.json<{ csrfToken: string }>().csrfToken;
      const out = await w.s.app.inject({
        method: 'POST',
        url: '/sign-out',
        headers: {
          cookie: `batterydb_session=${cookie.value}`,
          'content-type': 'application/x-www-form-urlencoded',
        },
        payload: `_csrf=${csrf}`,
      });
      assert.equal(out.statusCode, 303);
      const after = await w.s.app.inject({
        method: 'GET',
        url: '/api/auth/me',
        headers: { cookie: `batterydb_session=${cookie.value}` },
      });
      assert.equal(after.statusCode, 401, 'the session is over');
    });

    test('account: own sessions listed; end the others, then this one', async () => {
      const second = await signIn(w.s.app, 'maintainer', PASSWORD);
      const page = await w.as('maintainer', 'GET', '/account');
      assert.match(page.body, /Where you are signed in/);
      assert.match(page.body, /\(this session\)/);
      assert.equal((page.body.match(/\/account\/sessions\/\d+\/end/g) ?? []).length, 2);
      const ended = await w.as('maintainer', 'POST', '/account/sessions/end-others', {
        _csrf: w.csrf('maintainer'),
      });
      assert.equal(ended.statusCode, 303);
      const other = await second.request({ method: 'GET', url: '/api/auth/me' });
      assert.equal(other.statusCode, 401, 'the other session is over');
      const after = await w.as('maintainer', 'GET', '/account');
      const [own] = /\/account\/sessions\/(\d+)\/end/.exec(after.body) ?? [];
      assert.ok(own);
      const out = await w.as('maintainer', 'POST', own, { _csrf: w.csrf('maintainer') });
      assert.equal(out.statusCode, 303);
      assert.equal(out.headers.location, '/sign-in');
      const me = await w.browsers.maintainer.request({ method: 'GET', url: '/api/auth/me' });
      assert.equal(me.statusCode, 401);
      w.browsers.maintainer = await signIn(w.s.app, 'maintainer', PASSWORD);
    });

    test('account: a token is shown once; revoking it works; the password form names the wrong field', async () => {
      const created = await w.as('contributor', 'POST', '/account/tokens', {
        _csrf: w.csrf('contributor'),
        name: 'nightly',
        expiresAt: '',
      });
      assert.equal(created.statusCode, 201);
      const token =
        /id="new-token-value"[^>]*value="([A-Za-z0-9_-]+)"|value="([A-Za-z0-9_-]+)"[^>]*id="new-token-value"/.exec(
          created.body,
        );
      const secret = token?.[1] ?? token?.[2];
      assert.ok(secret, 'the secret is on the page');
      const used = await w.s.app.inject({
        method: 'GET',
        url: '/api/auth/me',
        headers: { authorization: `Bearer ${secret}` },
      });
      assert.equal(used.statusCode, 200);
      const again = await w.as('contributor', 'GET', '/account');
      assert.ok(secret && !again.body.includes(secret), 'never shown again');
      const past = await w.as('contributor', 'POST', '/account/tokens', {
        _csrf: w.csrf('contributor'),
        name: 'old',
        expiresAt: '2020-01-01',
      });
      assert.equal(past.statusCode, 400);
      assert.match(past.body, /expiresAt must be in the future/);
      const tokens = (await w.browsers.contributor.request({ method: 'GET', url: '/api/auth/tokens' })).json<
        { id: number }[]
      >();
      const revoked = await w.as('contributor', 'POST', `/account/tokens/${tokens[0]!.id}/revoke`, {
        _csrf: w.csrf('contributor'),
      });
      assert.equal(revoked.statusCode, 303);
      const dead = await w.s.app.inject({
        method: 'GET',
        url: '/api/auth/me',
        headers: { authorization: `Bearer ${secret}` },
      });
      assert.equal(dead.statusCode, 401);
      const badPassword = await w.as('contributor', 'POST', '/account/password', {
        _csrf: w.csrf('contributor'),
        currentPassword: 'wrong',
        newPassword: 'a-long-new-password',
      });
      assert.equal(badPassword.statusCode, 400);
      assert.match(badPassword.body, /aria-invalid="true"[^>]*>|the current password is incorrect/);
      assert.match(badPassword.body, /the current password is incorrect/);
    });

    test('account: a new token can be limited to some permissions on some experiments; every bad field named', async () => {
      const id = await w.experiment('private');
      const scoped = await w.as('owner', 'POST', '/account/tokens', {
        _csrf: w.csrf('owner'),
        name: 'cycler PC',
        expiresAt: '',
        permissions: ['batterydb.view_experiment', 'batterydb.change_experiment'],
        experiments: `${id}`,
      });
      assert.equal(scoped.statusCode, 201, scoped.body);
      const tokens = (await w.browsers.owner.request({ method: 'GET', url: '/api/auth/tokens' })).json<
        { name: string; scope: { permission: string; objects: number[] | null }[] | null }[]
      >();
      assert.deepEqual(tokens.find((t) => t.name === 'cycler PC')?.scope, [
        { permission: 'batterydb.change_experiment', objects: [id] },
        { permission: 'batterydb.view_experiment', objects: [id] },
      ]);
      // Two bad fields at once: both named beside their fields, what was typed kept.
      const bad = await w.as('owner', 'POST', '/account/tokens', {
        _csrf: w.csrf('owner'),
        name: 'typo',
        expiresAt: '',
        experiments: `${id}, twelve`,
      });
      assert.equal(bad.statusCode, 400);
      assert.match(bad.body, /id="token-permissions-error"/);
      assert.match(bad.body, /id="token-experiments-error"[^>]*>[^<]*twelve/);
      assert.match(bad.body, new RegExp(`value="${id}, twelve"`));
      // A scope never carries more than its user: a Read only user cannot make a token that creates experiments.
      const more = await w.as('reader', 'POST', '/account/tokens', {
        _csrf: w.csrf('reader'),
        name: 'greedy',
        expiresAt: '',
        permissions: 'batterydb.add_experiment',
      });
      assert.ok(more.statusCode === 403 || more.statusCode === 400, `refused: ${more.statusCode}`);
      const readerTokens = (await w.browsers.reader.request({ method: 'GET', url: '/api/auth/tokens' })).json<
        { name: string }[]
      >();
      assert.ok(!readerTokens.some((t) => t.name === 'greedy'), 'no token was made');
    });
  });
}
