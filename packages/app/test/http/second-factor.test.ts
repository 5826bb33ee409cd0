/**
 * The TOTP second factor over HTTP (issue 27), on every dialect: enrolment through the pages
 * (codes computed by an independent implementation from the secret the page shows), the code
 * step of signing in, recovery codes, replay, throttling, removal by the user and by staff
 * under SPEC §4, and the audit entries. Required-factor enforcement and the attacker's view
 * are in second-factor-required.test.ts.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DIALECTS } from '../../../../test-support/databases.ts';
import { codeAt, codeStep, enrolThroughPages, passwordStep, postForm } from './support/second-factor.ts';
import { type Browser, cookieOf, makeUser, signIn, testServer, type TestServer } from './support/server.ts';

const STEP = 30_000;

for (const dialect of DIALECTS) {
  describe(`second factor (${dialect})`, () => {
    let s: TestServer;
    before(async () => {
      s = await testServer(dialect);
    });
    after(() => s.close());

    const audits = async (action: string) => (await s.authz.findAuditEntries({ action, limit: 100 })).entries;
    const me = (session: string) =>
      s.app.inject({
        method: 'GET',
        url: '/api/auth/me',
        headers: { cookie: `batterydb_session=${session}` },
      });

    /** A user with a confirmed factor; the clock is moved past the step the confirmation used. */
    async function enrolled(name: string, options: Parameters<typeof makeUser>[2] = {}) {
      const user = await makeUser(s.authz, name, options);
      const browser = await signIn(s.app, name, `${name}-password`);
      const factor = await enrolThroughPages(s, browser);
      s.clock.tick(STEP);
      return { user, browser, ...factor };
    }

    test('enrolment: QR code and secret on the page, the first code confirms, ten recovery codes once; sealed at rest', async () => {
      const alice = await makeUser(s.authz, 'alice');
      const browser = await signIn(s.app, 'alice', 'alice-password');
      const before = await browser.request({ method: 'GET', url: '/account' });
      assert.match(before.body, /Off: your password alone signs you in/);
      // A wrong first code leaves the enrolment pending.
      assert.equal((await postForm(browser, '/account/two-factor/begin')).statusCode, 303);
      const wrong = await postForm(browser, '/account/two-factor/confirm', { code: '000000' });
      assert.equal(wrong.statusCode, 400);
      assert.match(wrong.body, /That code is not right/);
      assert.equal((await s.authz.secondFactorStatus(alice.id)).enrolled, false);

      const { secret, recoveryCodes } = await enrolThroughPages(s, browser);
      assert.equal(recoveryCodes.length, 10);
      assert.equal(new Set(recoveryCodes).size, 10);
      for (const code of recoveryCodes)
        assert.match(code, /^[A-Z2-7]{4}-[A-Z2-7]{4}-[A-Z2-7]{4}-[A-Z2-7]{4}$/);
      const status = await s.authz.secondFactorStatus(alice.id);
      assert.equal(status.enrolled, true);
      assert.equal(status.recoveryCodesLeft, 10);

      // Neither the secret nor a recovery code is readable from the database.
      const stored = await s.db
        .selectFrom('authz_totp')
        .selectAll()
        .where('user_id', '=', alice.id)
        .executeTakeFirstOrThrow();
      assert.match(stored.secret, /^v1\./, 'sealed with the configured key');
      const raw = Buffer.from(secret.replace(/=+$/, ''), 'utf8').toString();
      assert.ok(!stored.secret.includes(raw));
      const hashes = await s.db
        .selectFrom('authz_recovery_code')
        .select('code_hash')
        .where('user_id', '=', alice.id)
        .execute();
      assert.equal(hashes.length, 10);
      for (const code of recoveryCodes)
        assert.ok(!JSON.stringify(hashes).includes(code.replace(/-/g, '')), 'codes are stored hashed');

      // The session that confirmed has used the factor; the codes are not shown again.
      const session = await s.db
        .selectFrom('authz_session')
        .select('mfa_at')
        .where('user_id', '=', alice.id)
        .executeTakeFirstOrThrow();
      assert.equal(session.mfa_at, s.clock.now);
      const again = await browser.request({ method: 'GET', url: '/account/two-factor' });
      assert.match(again.body, /Two-factor sign-in is <strong>on<\/strong>/);
      assert.doesNotMatch(again.body, new RegExp(recoveryCodes[0]!));
      const [entry] = await audits('user.second_factor_enrol');
      assert.equal(entry?.actorId, alice.id);
      assert.equal(entry?.target.id, alice.id);
      // A second enrolment over a confirmed factor is refused (removing it needs proof).
      assert.equal((await postForm(browser, '/account/two-factor/begin')).statusCode, 409);
    });

    test('sign-in asks for the code after the password; the challenge alone grants nothing', async () => {
      const { user, secret } = await enrolled('bea');
      const { response, challenge } = await passwordStep(s, 'bea');
      assert.equal(response.statusCode, 303);
      assert.equal(response.headers.location, '/sign-in/code?next=%2Fexperiments');
      assert.equal(cookieOf(response), null, 'no session before the code');
      assert.ok(challenge);
      const page = await s.app.inject({
        method: 'GET',
        url: '/sign-in/code',
        headers: { cookie: `batterydb_sign_in=${challenge}` },
      });
      assert.match(page.body, /autocomplete="one-time-code"/);
      // The challenge's token is no session: as a session cookie it is nobody.
      assert.equal((await me(challenge)).statusCode, 401);

      const wrong = await codeStep(s, challenge, '123456');
      assert.equal(wrong.statusCode, 401);
      assert.equal(cookieOf(wrong), null);
      const right = await codeStep(s, challenge, codeAt(secret, s.clock.now));
      assert.equal(right.statusCode, 303, right.body);
      assert.equal(right.headers.location, '/experiments');
      const session = cookieOf(right)!;
      assert.equal((await me(session)).statusCode, 200);
      const row = await s.db
        .selectFrom('authz_session')
        .select('mfa_at')
        .where('user_id', '=', user.id)
        .orderBy('id', 'desc')
        .executeTakeFirstOrThrow();
      assert.equal(row.mfa_at, s.clock.now, 'the session records that the factor was used');
      // The challenge is used up.
      const reused = await codeStep(s, challenge, codeAt(secret, s.clock.now + STEP));
      assert.equal(reused.statusCode, 303);
      assert.equal(reused.headers.location, '/sign-in');
    });

    test('a code is accepted once: the same code on a new sign-in is refused, the next one works', async () => {
      const { secret } = await enrolled('cato');
      const code = codeAt(secret, s.clock.now);
      const first = await passwordStep(s, 'cato');
      assert.equal((await codeStep(s, first.challenge!, code)).statusCode, 303);
      const second = await passwordStep(s, 'cato');
      const replay = await codeStep(s, second.challenge!, code);
      assert.equal(replay.statusCode, 401, 'a replayed code');
      // An earlier step's code (still inside the drift window) is refused too.
      const earlier = await codeStep(s, second.challenge!, codeAt(secret, s.clock.now - STEP));
      assert.equal(earlier.statusCode, 401);
      s.clock.tick(STEP);
      assert.equal((await codeStep(s, second.challenge!, codeAt(secret, s.clock.now))).statusCode, 303);
    });

    test('a recovery code signs in once; the second use is refused; audited', async () => {
      const { user, recoveryCodes } = await enrolled('dina');
      const code = recoveryCodes[3]!;
      const first = await passwordStep(s, 'dina');
      // Case, spaces and dashes as people type them.
      const used = await codeStep(s, first.challenge!, code.toLowerCase().replace(/-/g, ' '));
      assert.equal(used.statusCode, 303);
      assert.ok(cookieOf(used));
      assert.equal((await s.authz.secondFactorStatus(user.id)).recoveryCodesLeft, 9);
      const second = await passwordStep(s, 'dina');
      assert.equal((await codeStep(s, second.challenge!, code)).statusCode, 401);
      const entries = (await audits('auth.recovery_code_used')).filter((e) => e.target.id === user.id);
      assert.equal(entries.length, 1);
    });

    test('wrong codes are throttled like passwords, and audited', async () => {
      const { user, secret } = await enrolled('emil');
      const { challenge } = await passwordStep(s, 'emil');
      for (let i = 0; i < 5; i++) assert.equal((await codeStep(s, challenge!, '000000')).statusCode, 401);
      const locked = await codeStep(s, challenge!, codeAt(secret, s.clock.now));
      assert.equal(locked.statusCode, 429, 'even the right code waits');
      assert.ok(Number(locked.headers['retry-after']) > 0);
      const failed = (await audits('auth.sign_in_failed')).filter((e) => e.target.id === user.id);
      assert.equal(failed.length, 5);
      assert.deepEqual(failed[0]!.after, { during: 'second-factor', knownAddress: false });
      assert.ok((await audits('auth.throttled')).some((e) => e.target.id === user.id));
      // Signing in with the password again does not clear the code's failures.
      const again = await passwordStep(s, 'emil');
      assert.equal((await codeStep(s, again.challenge!, codeAt(secret, s.clock.now))).statusCode, 429);
      s.clock.tick(15 * 60_000);
      const later = await passwordStep(s, 'emil');
      assert.equal((await codeStep(s, later.challenge!, codeAt(secret, s.clock.now))).statusCode, 303);
    });

    test('the API login takes the code with the password; without it 401 naming code', async () => {
      const { secret } = await enrolled('finn');
      const login = (body: Record<string, string>) =>
        s.app.inject({
          method: 'POST',
          url: '/api/auth/login',
          payload: { username: 'finn', password: 'finn-password', ...body },
        });
      const without = await login({});
      assert.equal(without.statusCode, 401);
      assert.equal(without.json<{ field: string }>().field, 'code');
      assert.equal(cookieOf(without), null);
      assert.equal((await login({ code: '111111' })).statusCode, 401);
      const ok = await login({ code: codeAt(secret, s.clock.now) });
      assert.equal(ok.statusCode, 200, ok.body);
      assert.equal((await me(cookieOf(ok)!)).statusCode, 200);
    });

    test('the user removes their own factor with their password or a current code; audited', async () => {
      const { user, browser, secret } = await enrolled('gus');
      const wrong = await postForm(browser, '/account/two-factor/remove', { password: 'not-my-password' });
      assert.equal(wrong.statusCode, 400);
      assert.match(wrong.body, /The password is incorrect/);
      assert.equal((await postForm(browser, '/account/two-factor/remove', {})).statusCode, 400);
      assert.equal((await s.authz.secondFactorStatus(user.id)).enrolled, true);
      const removed = await postForm(browser, '/account/two-factor/remove', {
        code: codeAt(secret, s.clock.now),
      });
      assert.equal(removed.statusCode, 303);
      assert.equal((await s.authz.secondFactorStatus(user.id)).enrolled, false);
      const [entry] = (await audits('user.second_factor_remove')).filter((e) => e.target.id === user.id);
      assert.equal(entry?.actorId, user.id);
      // Without the factor, the password alone signs in again.
      await signIn(s.app, 'gus', 'gus-password');

      const other = await enrolled('hal');
      const byPassword = await postForm(other.browser, '/account/two-factor/remove', {
        password: 'hal-password',
      });
      assert.equal(byPassword.statusCode, 303);
      assert.equal((await s.authz.secondFactorStatus(other.user.id)).enrolled, false);
    });

    test('new recovery codes need a current code and replace the old ones', async () => {
      const { user, browser, secret, recoveryCodes } = await enrolled('ida');
      assert.equal(
        (await postForm(browser, '/account/two-factor/recovery-codes', { code: '000000' })).statusCode,
        400,
      );
      const made = await postForm(browser, '/account/two-factor/recovery-codes', {
        code: codeAt(secret, s.clock.now),
      });
      assert.equal(made.statusCode, 201);
      const fresh = [...made.body.matchAll(/<li><code>([A-Z2-7-]+)<\/code><\/li>/g)].map((m) => m[1]!);
      assert.equal(fresh.length, 10);
      const { challenge } = await passwordStep(s, 'ida');
      assert.equal(
        (await codeStep(s, challenge!, recoveryCodes[0]!)).statusCode,
        401,
        'an old code no longer works',
      );
      assert.equal((await codeStep(s, challenge!, fresh[0]!)).statusCode, 303);
      assert.ok((await audits('user.recovery_codes')).some((e) => e.target.id === user.id));
    });

    test('staff remove another user’s factor only if SPEC §4 lets them change that user; audited', async () => {
      await makeUser(s.authz, 'root', { staff: true, superuser: true });
      await makeUser(s.authz, 'desk', { staff: true, perms: ['auth.view_user', 'auth.change_user'] });
      const desk: Browser = await signIn(s.app, 'desk', 'desk-password');
      const root: Browser = await signIn(s.app, 'root', 'root-password');
      const victim = await enrolled('jo');
      const boss = await enrolled('kim', { superuser: true, staff: true });
      const richer = await enrolled('lee', { perms: ['batterydb.add_experiment'] });
      const page = (b: Browser, id: number) => b.request({ method: 'GET', url: `/admin/users/${id}` });
      const remove = (b: Browser, id: number) => postForm(b, `/admin/users/${id}/two-factor/remove`);

      const cases: {
        actor: Browser;
        actorName: string;
        target: { user: { id: number } };
        allowed: boolean;
      }[] = [
        { actor: desk, actorName: 'desk', target: boss, allowed: false }, // a superuser
        { actor: desk, actorName: 'desk', target: richer, allowed: false }, // holds what desk lacks
        { actor: desk, actorName: 'desk', target: victim, allowed: true },
        { actor: root, actorName: 'root', target: boss, allowed: true },
      ];
      for (const c of cases) {
        const where = `${c.actorName} → user ${c.target.user.id}`;
        const shown = await page(c.actor, c.target.user.id);
        assert.match(shown.body, /Enrolled since/, where);
        assert.equal(
          shown.body.includes('/two-factor/remove'),
          c.allowed,
          `${where}: Remove shown only when allowed`,
        );
        const answer = await remove(c.actor, c.target.user.id);
        assert.equal(answer.statusCode, c.allowed ? 303 : 403, `${where}: ${answer.statusCode}`);
        assert.equal((await s.authz.secondFactorStatus(c.target.user.id)).enrolled, !c.allowed, where);
      }
      const entries = await audits('user.second_factor_remove');
      const deskId = (await s.authz.findUserByUsername('desk'))!.id;
      assert.ok(entries.some((e) => e.target.id === victim.user.id && e.actorId === deskId));
      assert.ok(!entries.some((e) => e.target.id === richer.user.id));
      // The same decision through the admin API.
      const apiRemove = (b: Browser, id: number) =>
        b.request({ method: 'DELETE', url: `/api/admin/users/${id}/second-factor` });
      const refused = await apiRemove(desk, richer.user.id);
      assert.equal(refused.statusCode, 403);
      assert.match(refused.headers['content-type'] as string, /^application\/problem\+json/);
      const nat = await enrolled('nat');
      assert.equal((await apiRemove(desk, nat.user.id)).statusCode, 204);
      assert.equal((await s.authz.secondFactorStatus(nat.user.id)).enrolled, false);
      assert.equal((await apiRemove(desk, nat.user.id)).statusCode, 409, 'nothing left to remove');
      // Nobody removes their own through the admin page (it asks no proof).
      const own = await enrolled('max', { staff: true, perms: ['auth.view_user', 'auth.change_user'] });
      assert.equal((await remove(own.browser, own.user.id)).statusCode, 403);
    });
  });
}
