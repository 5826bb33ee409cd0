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
  });
}
