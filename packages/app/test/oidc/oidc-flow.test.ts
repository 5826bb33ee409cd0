/**
 * Institutional sign-in over HTTP (issue 27), on both dialects, against a real OpenID Provider
 * started here and BatteryDB listening on a real port: the code flow with PKCE, state and nonce;
 * every tampering refused and audited; e-mail rules; role mapping; linking by password; a
 * locally deactivated account stays deactivated.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DIALECTS } from '../../../../test-support/databases.ts';
import { Agent, oidcSite, type OidcSite } from './support/oidc-site.ts';

const groupsOf = (site: OidcSite, userId: number) =>
  site.db
    .selectFrom('authz_user_group as ug')
    .innerJoin('authz_group as g', 'g.id', 'ug.group_id')
    .select('g.name')
    .where('ug.user_id', '=', userId)
    .orderBy('g.name')
    .execute()
    .then((rows) => rows.map((r) => r.name));

const audits = (site: OidcSite, action: string) =>
  site.db.selectFrom('authz_audit_log').selectAll().where('action', '=', action).orderBy('id').execute();

for (const dialect of DIALECTS) {
  describe(`institutional sign-in over HTTP (${dialect})`, () => {
    let site: OidcSite;
    before(async () => {
      site = await oidcSite(dialect);
    });
    after(() => site.close());

    /** Signs `accountId` in through the whole flow; the callback's answer. */
    async function signIn(agent: Agent, accountId: string) {
      const callback = await agent.toCallback(site, accountId);
      return agent.request(callback);
    }
    const me = async (agent: Agent) => {
      const answer = await agent.request(`${site.base}/api/auth/me`);
      return answer.status === 200
        ? ((await answer.response.json()) as { user: { id: number; username: string } }).user
        : null;
    };

    test('first sign-in creates a Read only account and nothing more, and signs it in', async () => {
      site.provider.accounts.set('ada', {
        email: 'ada@uni.example',
        email_verified: true,
        name: 'Ada Lovelace',
        preferred_username: 'ada',
      });
      const agent = new Agent();
      const answer = await signIn(agent, 'ada');
      assert.equal(answer.status, 303, await answer.response.text());
      assert.equal(answer.location?.pathname, '/experiments');
      const user = await me(agent);
      assert.equal(user?.username, 'ada');
      const stored = await site.authz.getUser(user.id);
      assert.equal(stored.isStaff, false);
      assert.equal(stored.isSuperuser, false);
      assert.equal(stored.email, 'ada@uni.example');
      assert.deepEqual(await groupsOf(site, user.id), ['Read only']);
      assert.deepEqual([...(await site.authz.getAllPerms(user.id))], []);
      const identity = await site.authz.external.identitiesOf(user.id);
      assert.equal(identity.length, 1);
      assert.equal(identity[0]!.issuer, site.provider.issuer);
      assert.equal(identity[0]!.subject, 'ada');
      assert.equal((await audits(site, 'auth.external_user_created')).length, 1);
      assert.ok((await audits(site, 'auth.external_sign_in')).length >= 1);
      // The pending step was used once and is gone; the browser's pending cookie is cleared.
      assert.equal(agent.cookie(site.base, 'batterydb_oidc'), undefined);
      const left = await site.db.selectFrom('authz_external_pending').selectAll().execute();
      assert.equal(left.length, 0);
    });

    /** A refused callback: the refusal page, no session, an audit entry with the reason. */
    async function assertRefused(agent: Agent, url: URL, status: number, reason: string) {
      const before = (await audits(site, 'auth.external_refused')).length;
      const answer = await agent.request(url);
      const html = await answer.response.text();
      assert.equal(answer.status, status, html.slice(0, 500));
      assert.match(html, /Sign-in with Test University refused/);
      assert.equal(await me(agent), null, 'not signed in');
      const entries = await audits(site, 'auth.external_refused');
      assert.equal(entries.length, before + 1);
      assert.match(String(entries.at(-1)!.after_json), new RegExp(`"reason":"${reason}"`));
      return entries.at(-1)!;
    }

    test('a wrong state is refused and audited', async () => {
      const agent = new Agent();
      const callback = await agent.toCallback(site, 'ada');
      callback.searchParams.set('state', 'not-the-state-we-sent');
      const entry = await assertRefused(agent, callback, 400, 'flow');
      assert.match(String(entry.after_json), /state/);
    });

    test('a replayed callback (same state, same cookie) is refused', async () => {
      const agent = new Agent();
      const callback = await agent.toCallback(site, 'ada');
      const pending = agent.cookie(site.base, 'batterydb_oidc')!;
      assert.equal((await agent.request(callback)).status, 303);
      const attacker = new Agent();
      attacker.setCookie(site.base, 'batterydb_oidc', pending);
      await assertRefused(attacker, callback, 400, 'flow');
    });

    test('an ID token with another nonce is refused', async () => {
      const agent = new Agent();
      const callback = await agent.toCallback(site, 'ada', (url) => {
        url.searchParams.set('nonce', 'a-nonce-this-browser-never-got');
        return url;
      });
      const entry = await assertRefused(agent, callback, 400, 'flow');
      assert.match(String(entry.after_json), /nonce/);
    });

    test('an answer from another issuer is refused', async () => {
      site.impostor.accounts.set('ada', { email: 'ada@uni.example', email_verified: true });
      const agent = new Agent();
      const callback = await agent.toCallback(
        site,
        'ada',
        (url) => new URL(url.pathname + url.search, site.impostor.issuer),
      );
      assert.equal(callback.searchParams.get('iss'), site.impostor.issuer);
      const entry = await assertRefused(agent, callback, 400, 'flow');
      assert.match(String(entry.after_json), /iss/);
    });

    test('a code issued to another client (another audience) is refused', async () => {
      const agent = new Agent();
      const callback = await agent.toCallback(site, 'ada', (url) => {
        url.searchParams.set('client_id', 'other-app');
        return url;
      });
      assert.ok(callback.searchParams.get('code'), 'the provider gave the other client a code');
      await assertRefused(agent, callback, 400, 'flow');
    });

    test('an unverified e-mail and a disallowed domain are refused, no account made', async () => {
      site.provider.accounts.set('unverified', { email: 'eve@uni.example', email_verified: false });
      site.provider.accounts.set('outsider', { email: 'mallory@elsewhere.example', email_verified: true });
      const count = async () => (await site.db.selectFrom('authz_user').select('id').execute()).length;
      const users = await count();
      const one = new Agent();
      const a = await assertRefused(one, await one.toCallback(site, 'unverified'), 403, 'email-unverified');
      assert.match(String(a.after_json), /eve@uni.example/);
      const two = new Agent();
      await assertRefused(two, await two.toCallback(site, 'outsider'), 403, 'email-domain');
      assert.equal(await count(), users);
    });

    test('a claim mapped to Maintainer gives Maintainer; without it, the next sign-in takes it away', async () => {
      site.provider.accounts.set('mia', {
        email: 'mia@uni.example',
        email_verified: true,
        groups: ['curators'],
      });
      const agent = new Agent();
      assert.equal((await signIn(agent, 'mia')).status, 303);
      const user = (await me(agent))!;
      assert.deepEqual(await groupsOf(site, user.id), ['Maintainer', 'Read only']);
      assert.ok(await site.authz.hasPerm(user.id, 'batterydb.change_experiment'));
      const sync = await audits(site, 'auth.external_role_sync');
      assert.match(String(sync.at(-1)!.after_json), /"added":\["Maintainer"\]/);

      site.provider.accounts.set('mia', { email: 'mia@uni.example', email_verified: true, groups: ['lab'] });
      const later = new Agent();
      assert.equal((await signIn(later, 'mia')).status, 303);
      assert.deepEqual(await groupsOf(site, user.id), ['Contributor', 'Read only']);
      assert.match(
        String((await audits(site, 'auth.external_role_sync')).at(-1)!.after_json),
        /"removed":\["Maintainer"\]/,
      );
    });

    test('a claim "mapped" to superuser or staff gives nothing', async () => {
      // The configuration refuses it at start, naming the variable…
      assert.throws(
        () => site.configure({ BATTERYDB_OIDC_ALLOWED_ROLES: 'Maintainer,superuser' }),
        /BATTERYDB_OIDC_ALLOWED_ROLES may not name "superuser"/,
      );
      assert.throws(
        () => site.configure({ BATTERYDB_OIDC_ROLE_MAP: 'root=staff' }),
        /BATTERYDB_OIDC_ROLE_MAP maps "root" to "staff"/,
      );
      // …and should a configuration get past that, the kit still gives nothing: groups named
      // superuser and staff exist here, one holding power over accounts.
      const admins = await site.authz.createGroup('superuser');
      await site.authz.addGroupPerms(admins.id, ['auth.change_user', 'auth.add_user']);
      await site.authz.createGroup('staff');
      site.app.batterydb.settings.oidc = {
        ...site.app.batterydb.settings.oidc!,
        mapping: {
          claim: 'groups',
          map: new Map([['root', ['superuser', 'staff']]]),
          allowedRoles: ['superuser', 'staff'],
        },
      };
      try {
        site.provider.accounts.set('root', {
          email: 'root@uni.example',
          email_verified: true,
          groups: ['root'],
        });
        const agent = new Agent();
        assert.equal((await signIn(agent, 'root')).status, 303);
        const user = await site.authz.getUser((await me(agent))!.id);
        assert.equal(user.isSuperuser, false);
        assert.equal(user.isStaff, false);
        assert.deepEqual(await groupsOf(site, user.id), ['Read only']);
        assert.deepEqual([...(await site.authz.getAllPerms(user.id))], []);
      } finally {
        site.configure();
      }
    });

    test('linking to a local account with the same e-mail needs its password (throttled like sign-in)', async () => {
      const carol = await site.authz.createUser({
        username: 'carol',
        email: 'Carol@uni.example',
        password: 'correct horse battery staple',
      });
      site.provider.accounts.set('c-123', { email: 'carol@uni.example', email_verified: true });
      const agent = new Agent();
      const answer = await signIn(agent, 'c-123');
      const html = await answer.response.text();
      assert.equal(answer.status, 200);
      assert.match(html, /already exists: <strong>carol<\/strong>/);
      assert.equal(await me(agent), null, 'not signed in before the password');
      assert.deepEqual(await site.authz.external.identitiesOf(carol.id), [], 'not linked by e-mail alone');

      const failures = (await audits(site, 'auth.sign_in_failed')).length;
      const wrong = await agent.request(`${site.base}/sign-in/oidc/link`, {
        form: { password: 'wrong password!' },
      });
      assert.equal(wrong.status, 401);
      assert.match(await wrong.response.text(), /The password is incorrect/);
      assert.equal((await audits(site, 'auth.sign_in_failed')).length, failures + 1);
      assert.deepEqual(await site.authz.external.identitiesOf(carol.id), []);

      const linkCookie = agent.cookie(site.base, 'batterydb_oidc')!;
      const right = await agent.request(`${site.base}/sign-in/oidc/link`, {
        form: { password: 'correct horse battery staple' },
      });
      assert.equal(right.status, 303);
      assert.equal((await me(agent))?.username, 'carol');
      assert.equal((await site.authz.external.identitiesOf(carol.id))[0]?.subject, 'c-123');
      assert.equal((await audits(site, 'auth.external_linked')).at(-1)?.target_id, carol.id);
      // The link step cannot be replayed: it was used once.
      const replay = new Agent();
      replay.setCookie(site.base, 'batterydb_oidc', linkCookie);
      const again = await replay.request(`${site.base}/sign-in/oidc/link`, {
        form: { password: 'correct horse battery staple' },
      });
      assert.equal(again.status, 400);
      // From now on the provider signs carol in directly.
      const next = new Agent();
      assert.equal((await signIn(next, 'c-123')).status, 303);
      assert.equal((await me(next))?.username, 'carol');
    });

    test('guessing the password on the link page is throttled like sign-in', async () => {
      await site.authz.createUser({
        username: 'erin',
        email: 'erin@uni.example',
        password: 'erin has a long password',
      });
      site.provider.accounts.set('e-1', { email: 'erin@uni.example', email_verified: true });
      const agent = new Agent();
      assert.equal((await signIn(agent, 'e-1')).status, 200);
      const post = (password: string) =>
        agent.request(`${site.base}/sign-in/oidc/link`, { form: { password } });
      for (let i = 0; i < 5; i++) assert.equal((await post(`guess number ${i}`)).status, 401);
      const locked = await post('erin has a long password');
      assert.equal(locked.status, 429);
      assert.ok(Number(locked.response.headers.get('retry-after')) > 0);
      assert.ok((await audits(site, 'auth.throttled')).length >= 1);
      const erin = (await site.authz.findUserByUsername('erin'))!;
      assert.deepEqual(await site.authz.external.identitiesOf(erin.id), []);
    });

    test('with local passwords disabled, a linked account signs in at the provider only', async () => {
      site.configure({ BATTERYDB_OIDC_DISABLE_LOCAL_PASSWORDS: '1' });
      try {
        await site.authz.createUser({
          username: 'dave',
          email: 'dave@uni.example',
          password: 'dave has a long password',
        });
        site.provider.accounts.set('d-1', { email: 'dave@uni.example', email_verified: true });
        const agent = new Agent();
        assert.equal((await signIn(agent, 'd-1')).status, 200);
        const linked = await agent.request(`${site.base}/sign-in/oidc/link`, {
          form: { password: 'dave has a long password' },
        });
        assert.equal(linked.status, 303);
        const local = await fetch(`${site.base}/api/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ username: 'dave', password: 'dave has a long password' }),
        });
        assert.equal(local.status, 401);
      } finally {
        site.configure();
      }
    });

    test('an account deactivated locally stays deactivated', async () => {
      const ada = (await site.authz.findUserByUsername('ada'))!;
      await site.authz.updateUser(ada.id, { isActive: false });
      const agent = new Agent();
      await assertRefused(agent, await agent.toCallback(site, 'ada'), 403, 'deactivated');
      assert.equal((await site.authz.getUser(ada.id)).isActive, false);
    });

    test('off when not configured: no button, the routes answer 404', async () => {
      const page = async () => await (await fetch(`${site.base}/sign-in`)).text();
      assert.match(await page(), /Sign in with Test University/);
      site.app.batterydb.settings.oidc = null;
      try {
        assert.doesNotMatch(await page(), /Sign in with/);
        for (const path of ['/sign-in/oidc', '/sign-in/oidc/callback?code=x&state=y'])
          assert.equal((await fetch(`${site.base}${path}`, { redirect: 'manual' })).status, 404, path);
      } finally {
        site.configure();
      }
    });
  });
}
