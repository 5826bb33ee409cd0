/**
 * The admin pages decide as the admin API does (SPEC §8: "on the same decisions as the API"):
 * each page answers, for every kind of caller, the status its API route answers — 401 (the
 * page: sign in first), 403, 404 — and a staff member's page shows exactly the controls the
 * no-escalation policy allows, while a post the page did not offer (a field added by hand) is
 * refused by the server with the policy's reason, and changes nothing.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ROLE_MAINTAINER } from '../../src/authz/roles.ts';
import { DIALECTS } from '../../../../test-support/databases.ts';
import { type AdminWorld, adminWorld, CALLERS, mainText } from './support/admin-world.ts';
import { inlineCode } from './support/page-world.ts';

for (const dialect of DIALECTS) {
  describe(`admin pages decide as the admin API does (${dialect})`, () => {
    let w: AdminWorld;
    before(async () => {
      w = await adminWorld(dialect);
    });
    after(() => w.s.close());

    test('each admin page answers its API route’s status, for every kind of caller', async () => {
      const user = w.ids.owner;
      const group = await w.groupId(ROLE_MAINTAINER);
      const pairs: [string, string, string, object?][] = [
        ['/admin/users', 'GET', '/api/admin/users'],
        [`/admin/users/${user}`, 'GET', `/api/admin/users/${user}`],
        [`/admin/users/${user}/access`, 'GET', `/api/admin/users/${user}`],
        [`/admin/users/${user + 10_000}`, 'GET', `/api/admin/users/${user + 10_000}`],
        // The API's POST answers 409 (taken) to those who may create users, 403 to the others.
        ['/admin/users/new', 'POST', '/api/admin/users', { username: 'owner' }],
        ['/admin/groups', 'GET', '/api/admin/groups'],
        [`/admin/groups/${group}`, 'GET', `/api/admin/groups/${group}`],
        ['/admin/audit', 'GET', '/api/admin/audit'],
        ['/admin/audit.csv', 'GET', '/api/admin/audit'],
      ];
      for (const who of CALLERS)
        for (const [pageUrl, method, apiUrl, body] of pairs) {
          const page = await w.page(who, 'GET', pageUrl);
          const api = await w.api(who, method, apiUrl, body);
          const expected = api.statusCode === 401 ? 303 : api.statusCode === 409 ? 200 : api.statusCode;
          assert.equal(
            page.statusCode,
            expected,
            `${who} ${pageUrl} vs ${method} ${apiUrl} (${api.statusCode})`,
          );
          if (expected === 303) assert.match(String(page.headers.location), /^\/sign-in\?next=/);
        }
    });

    test('object permissions: the sharing API’s 404/403, and then staff only', async () => {
      const hidden = await w.experiment('private');
      const published = await w.experiment('public');
      for (const who of CALLERS)
        for (const id of [hidden, published, published + 10_000]) {
          const page = await w.page(who, 'GET', `/admin/experiments/${id}/permissions`);
          const api = await w.api(who, 'GET', `/api/experiments/${id}/permissions`);
          const staff = who !== 'anonymous' && ['root', 'manager', 'viewer', 'staffer'].includes(who);
          const expected =
            api.statusCode === 401 ? 303 : api.statusCode === 200 && !staff ? 403 : api.statusCode;
          assert.equal(page.statusCode, expected, `${who} experiment ${id} (API ${api.statusCode})`);
          if (page.statusCode === 404) assert.doesNotMatch(page.body, /private cell/);
        }
    });

    test('the admin home is for staff; its entry in the navigation too', async () => {
      for (const who of CALLERS) {
        const home = await w.page(who, 'GET', '/admin');
        const staff = ['root', 'manager', 'viewer', 'staffer'].includes(who);
        assert.equal(home.statusCode, who === 'anonymous' ? 303 : staff ? 200 : 403, who);
        if (who === 'anonymous') continue;
        const nav = (await w.page(who, 'GET', '/experiments')).body;
        assert.equal(/<a href="\/admin"/.test(nav), staff, `${who}: the Admin entry`);
      }
      assert.match(mainText((await w.page('staffer', 'GET', '/admin')).body), /hold none of the permissions/);
    });

    test('a manager’s page of a plain account: no superuser control, and the reason', async () => {
      const html = (await w.page('manager', 'GET', `/admin/users/${w.ids.reader}`)).body;
      assert.match(html, /name="isStaff"/, 'staff is a flag the manager may set on this account');
      assert.doesNotMatch(html, /name="isSuperuser"/);
      assert.match(
        mainText(html),
        /Superuser \(every permission\): no — only a superuser may make or unmake a superuser/,
      );
      assert.match(html, /action="\/admin\/users\/\d+\/password"/);
      assert.deepEqual(inlineCode(html), []);
      const own = (await w.page('manager', 'GET', `/admin/users/${w.ids.manager}`)).body;
      assert.doesNotMatch(own, /name="isStaff"/);
      assert.match(mainText(own), /you may not change your own flags/);
      assert.doesNotMatch(
        own,
        /action="\/admin\/users\/\d+\/password"/,
        'own password: through the account page',
      );
    });

    test('a Maintainer’s page, for a manager: nothing to change, and why — said once', async () => {
      const html = (await w.page('manager', 'GET', `/admin/users/${w.ids.maya}`)).body;
      const text = mainText(html);
      assert.match(
        text,
        /You may look at this account but not change it: the account holds batterydb\.\w+, which you do not/,
      );
      for (const form of ['', '/password', '/deactivate'])
        assert.doesNotMatch(
          html,
          new RegExp(`action="/admin/users/${w.ids.maya}${form}"`),
          form || 'account',
        );
      assert.match(text, /Maintainer/, 'the groups are still shown');
    });

    test('a viewer (no auth.change_user) sees every account read-only, with the one reason', async () => {
      const html = (await w.page('viewer', 'GET', `/admin/users/${w.ids.reader}`)).body;
      assert.match(mainText(html), /not change it: this needs the permission auth\.change_user/);
      assert.doesNotMatch(html, /<input[^>]*type="checkbox"/);
    });

    test('forged posts are refused with the policy’s reason, and change nothing', async () => {
      const before = await w.s.authz.getUser(w.ids.reader);
      const forged: [string, Record<string, string | string[]>, RegExp][] = [
        [
          `/admin/users/${w.ids.reader}`,
          { fullName: 'Rita', isSuperuser: 'yes' },
          /only a superuser may make or unmake a superuser/,
        ],
        [
          `/admin/users/${w.ids.maya}`,
          { fullName: 'Maya', email: 'maya@evil.example' },
          /the account holds batterydb\.\w+, which you do not/,
        ],
        [`/admin/users/${w.ids.manager}`, { _flags: 'isStaff' }, /you may not change your own flags/],
        [
          `/admin/users/${w.ids.maya}/password`,
          { password: 'Borrowed-Access-2026' },
          /the account holds batterydb\.\w+, which you do not/,
        ],
        [
          `/admin/users/${w.ids.reader}`,
          { groups: String(await w.groupId(ROLE_MAINTAINER)) },
          /group "Maintainer" holds batterydb\.\w+, which you do not/,
        ],
        [
          `/admin/users/${w.ids.reader}`,
          { permissions: 'auth.delete_user' },
          /you may not grant auth\.delete_user, which you do not hold/,
        ],
        [
          `/admin/users/${w.ids.manager}`,
          { permissions: 'auth.delete_user' },
          /you may not change your own permissions/,
        ],
        [
          '/admin/users',
          { username: 'sneaky', isSuperuser: 'yes' },
          /only a superuser may create a superuser/,
        ],
        [`/admin/users/${w.ids.maya}/deactivate`, {}, /the account holds batterydb\.\w+, which you do not/],
      ];
      for (const [url, form, reason] of forged) {
        const response = await w.page('manager', 'POST', url, form);
        assert.equal(
          response.statusCode,
          403,
          `${url} ${JSON.stringify(form)}: ${mainText(response.body).slice(0, 300)}`,
        );
        assert.match(mainText(response.body), reason, url);
        assert.match(String(response.headers['content-type']), /^text\/html/);
      }
      // The flag added by hand together with its `_flags` marker: the form has no checkbox to
      // carry the reason, so it is the form's own message (the page shows the flag's reason
      // as text anyway, so the alert is what proves the post was answered).
      const flagged = await w.page('manager', 'POST', `/admin/users/${w.ids.reader}`, {
        _flags: ['isStaff', 'isSuperuser'],
        isSuperuser: 'yes',
      });
      assert.equal(flagged.statusCode, 403);
      assert.match(
        flagged.body,
        /role="alert">\s*Not saved — only a superuser may make or unmake a superuser/,
      );
      assert.deepEqual(await w.s.authz.getUser(w.ids.reader), before);
      assert.equal((await w.s.authz.getUser(w.ids.maya)).email, '');
      assert.equal(await w.s.authz.findUserByUsername('sneaky'), null);
      assert.deepEqual(await w.s.authz.userPermissionRows(w.ids.reader), []);
      const staffGroup = await w.s.authz.createGroup('Cell lab');
      const groupPerms = await w.page('manager', 'POST', `/admin/groups/${staffGroup.id}/permissions`, {
        permissions: 'auth.view_user',
      });
      assert.equal(groupPerms.statusCode, 403, 'the route needs auth.change_group');
      await w.s.authz.addUserPerms(w.ids.manager, ['auth.change_group']);
      const again = await w.page('manager', 'POST', `/admin/groups/${staffGroup.id}/permissions`, {
        permissions: 'auth.view_user',
      });
      assert.equal(again.statusCode, 403);
      assert.match(mainText(again.body), /only a superuser may change a group's permissions/);
      assert.deepEqual(await w.s.authz.groupPermissionRows(staffGroup.id), []);
      await w.s.authz.removeUserPerms(w.ids.manager, ['auth.change_group']);
    });

    test('object permissions: only what the actor holds is offered; a forged permission is refused', async () => {
      const id = await w.experiment('private', 'shared cell');
      // The owner is made staff for this: its page of its own experiment.
      await w.s.authz.updateUser(w.ids.owner, { isStaff: true });
      const html = (await w.page('owner', 'GET', `/admin/experiments/${id}/permissions`)).body;
      assert.match(html, /name="permissions" value="batterydb.view_experiment"/);
      assert.doesNotMatch(html, /value="batterydb.change_experiment_status"/);
      assert.match(mainText(html), /Publish \/ unpublish — you do not hold it on this experiment/);
      const forged = await w.page('owner', 'POST', `/admin/experiments/${id}/permissions/grant`, {
        kind: 'user',
        name: 'reader',
        permissions: ['batterydb.view_experiment', 'batterydb.change_experiment_status'],
      });
      assert.equal(forged.statusCode, 403);
      assert.match(
        mainText(forged.body),
        /you do not hold batterydb\.change_experiment_status on this object/,
      );
      assert.equal(await w.s.authz.experiments.hasPerm(w.ids.reader, 'batterydb.view_experiment', id), false);
      await w.s.authz.updateUser(w.ids.owner, { isStaff: false });
    });
  });
}
