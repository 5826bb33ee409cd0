/**
 * Issue 27 from the attacker's side and the operator's: with `requireSecondFactorForStaff`, a
 * staff session without the factor reaches only the enrolment pages and signing out (a walk of
 * every route); a sign-in waiting for its code grants nothing (a walk of every route with the
 * challenge cookie, as challenge and as session cookie, answers as to a stranger); plain users
 * and API tokens are unaffected. Every dialect.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import type { RouteEntry } from '../../src/server/http/route-table.ts';
import { DIALECTS } from '../../../../test-support/databases.ts';
import { codeAt, codeStep, enrolThroughPages, passwordStep, postForm } from './support/second-factor.ts';
import { cookieOf, makeUser, signIn, testServer, type TestServer } from './support/server.ts';

const STEP = 30_000;
const fill = (url: string) => url.replace(/:[A-Za-z]+/g, '1');

for (const dialect of DIALECTS) {
  describe(`second factor required for staff (${dialect})`, () => {
    let s: TestServer;
    let routes: RouteEntry[];
    before(async () => {
      s = await testServer(dialect, { requireSecondFactorForStaff: true });
      await s.app.ready();
      routes = s.app.batterydb.routes;
    });
    after(() => s.close());

    test('an unenrolled staff session reaches only enrolment and sign-out; enrolling frees it', async () => {
      const staff = await makeUser(s.authz, 'nia', { staff: true, superuser: true });
      const browser = await signIn(s.app, 'nia', 'nia-password');
      let walked = 0;
      for (const route of routes) {
        if (route.access?.kind === 'public' || route.enrolment) continue;
        const response = await browser.request({ method: route.method, url: fill(route.url) });
        const where = `${route.method} ${route.url}: ${response.statusCode} ${response.body.slice(0, 200)}`;
        if (route.method === 'GET' && !route.url.startsWith('/api/')) {
          assert.equal(response.statusCode, 303, where);
          assert.equal(response.headers.location, '/account/two-factor', where);
        } else {
          assert.equal(response.statusCode, 403, where);
          if (route.url.startsWith('/api/') && route.method !== 'HEAD')
            assert.equal(response.json<{ code: string }>().code, 'SECOND_FACTOR_REQUIRED', where);
        }
        walked += 1;
      }
      assert.ok(walked >= 50, `only ${walked} routes walked`);
      const enrolment = routes.filter((r) => r.enrolment).map((r) => `${r.method} ${r.url}`);
      assert.deepEqual(enrolment.sort(), [
        'GET /account/two-factor',
        'HEAD /account/two-factor',
        'POST /account/two-factor/begin',
        'POST /account/two-factor/confirm',
        'POST /account/two-factor/recovery-codes',
        'POST /account/two-factor/remove',
        'POST /sign-out',
      ]);
      const page = await browser.request({ method: 'GET', url: '/account/two-factor' });
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /Staff accounts must use two-factor sign-in here/);

      // API tokens are not sessions: unaffected.
      const { token } = await s.authz.createApiToken(staff.id, { name: 'script', expiresAt: null });
      const byToken = await s.app.inject({
        method: 'GET',
        url: '/api/admin/users',
        headers: { authorization: `Bearer ${token}` },
      });
      assert.equal(byToken.statusCode, 200);

      // Enrolling marks this session as having used the factor: everything opens.
      const { secret } = await enrolThroughPages(s, browser);
      assert.equal((await browser.request({ method: 'GET', url: '/api/admin/users' })).statusCode, 200);
      assert.equal((await browser.request({ method: 'GET', url: '/experiments' })).statusCode, 200);

      // The next sign-in goes through the code and is whole.
      s.clock.tick(STEP);
      const { challenge } = await passwordStep(s, 'nia');
      const signedIn = await codeStep(s, challenge!, codeAt(secret, s.clock.now));
      const session = cookieOf(signedIn)!;
      const me = await s.app.inject({
        method: 'GET',
        url: '/api/admin/users',
        headers: { cookie: `batterydb_session=${session}` },
      });
      assert.equal(me.statusCode, 200);

      // A password change's new session keeps the mark: still whole, not held for enrolment.
      const csrf = (
        await s.app.inject({
          method: 'GET',
          url: '/api/auth/me',
          headers: { cookie: `batterydb_session=${session}` },
        })
      ).json<{ csrfToken: string }>().csrfToken;
      const changed = await s.app.inject({
        method: 'POST',
        url: '/api/auth/password',
        headers: { cookie: `batterydb_session=${session}`, 'x-csrf-token': csrf },
        payload: { currentPassword: 'nia-password', newPassword: 'a-new-long-passphrase-for-nia' },
      });
      assert.equal(changed.statusCode, 200, changed.body);
      const renewed = cookieOf(changed)!;
      const renewedAccess = await s.app.inject({
        method: 'GET',
        url: '/api/admin/users',
        headers: { cookie: `batterydb_session=${renewed}` },
      });
      assert.equal(renewedAccess.statusCode, 200);
    });

    test('a plain user without a factor is unaffected; signing out works for a held staff session', async () => {
      await makeUser(s.authz, 'olga');
      const plain = await signIn(s.app, 'olga', 'olga-password');
      assert.equal((await plain.request({ method: 'GET', url: '/api/auth/me' })).statusCode, 200);
      await makeUser(s.authz, 'pia', { staff: true });
      const held = await signIn(s.app, 'pia', 'pia-password');
      const out = await postForm(held, '/sign-out');
      assert.equal(out.statusCode, 303);
      assert.equal(out.headers.location, '/sign-in');
      assert.equal(
        (await held.request({ method: 'GET', url: '/api/auth/me' })).statusCode,
        401,
        'the session ended',
      );
    });

    test('attacker: a sign-in waiting for its code grants nothing on any route', async () => {
      await makeUser(s.authz, 'quin', { staff: true, superuser: true });
      const browser = await signIn(s.app, 'quin', 'quin-password');
      await enrolThroughPages(s, browser);
      s.clock.tick(STEP);
      const { challenge } = await passwordStep(s, 'quin');
      assert.ok(challenge);
      const cookies: string[] = [`batterydb_sign_in=${challenge}`, `batterydb_session=${challenge}`];
      let walked = 0;
      for (const route of routes) {
        // Open to signed-out visitors anyway (open data: what they see there is open-data.test's walk).
        if (route.access?.kind === 'public' || route.access?.kind === 'dataset') continue;
        for (const cookie of cookies) {
          const request: InjectOptions = {
            method: route.method,
            url: fill(route.url),
            headers: { cookie },
          };
          const response: LightMyRequestResponse = await s.app.inject(request);
          const where: string = `${route.method} ${route.url} with ${cookie.split('=')[0]}: ${response.statusCode}`;
          if (route.url.startsWith('/api/') || route.method !== 'GET')
            assert.equal(response.statusCode, 401, where);
          else {
            assert.equal(response.statusCode, 303, where);
            assert.match(String(response.headers.location), /^\/sign-in/, where);
          }
        }
        walked += 1;
      }
      assert.ok(walked >= 50, `only ${walked} routes walked`);
    });
  });
}
