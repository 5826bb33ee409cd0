/**
 * What a lab manager does on the admin site, in real Chromium (issue 11, Tests): a superuser
 * adds a staff user with view_user and change_user; that staff user sees no superuser checkbox,
 * may not change a Maintainer, and a flag added to the form by hand is refused with the policy's
 * reason shown; a group membership change shows on the user's "what can this user do" page; a
 * grant from the object-permissions page reaches the grantee's own session; the audit log shows
 * each change. Any console error or CSP violation fails the test. One browser for the file; each
 * person gets their own context (cookies).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { DIALECTS } from '../../../../test-support/databases.ts';
import { ROLE_CONTRIBUTOR } from '../../src/authz/roles.ts';
import { createExperiments } from '../../src/experiments/create-experiments.ts';
import { launchBrowser, type OpenPage, openPage, screenshot, signInAs } from './support/browser.ts';
import { passwordOf, type Site, startSite } from './support/site.ts';

for (const dialect of DIALECTS) {
  describe(`the admin site in Chromium (${dialect})`, () => {
    let browser: Browser;
    let site: Site;
    const opened: OpenPage[] = [];
    /** Screenshots once (SQLite run): the pages look the same on both dialects. */
    const shoot = (p: OpenPage, name: string) =>
      dialect === 'sqlite' ? screenshot(p.page, name) : Promise.resolve();
    const person = async (name: string) => {
      const p = await openPage(browser, site.url);
      opened.push(p);
      await signInAs(p.page, name);
      return p;
    };
    let root: OpenPage;
    let stellaId = 0;

    before(async () => {
      site = await startSite(dialect);
      await site.authz.createUser({
        username: 'root',
        password: passwordOf('root'),
        fullName: 'Rosalind Admin',
        email: 'root@lab.example',
        isStaff: true,
        isSuperuser: true,
      });
      browser = await launchBrowser();
      root = await person('root');
    });
    after(async () => {
      try {
        for (const p of opened) await p.context.close().catch(() => undefined);
        await browser?.close();
      } finally {
        await site?.close();
      }
      for (const p of opened)
        assert.deepEqual(p.problems, [], 'no console error or CSP violation on any page');
    });

    test('a superuser adds a staff user and gives them view_user and change_user', async () => {
      const { page } = root;
      await page.goto('/admin');
      await page.getByRole('heading', { name: 'Admin', exact: true }).waitFor();
      await shoot(root, 'admin-home');
      await page.goto('/admin/users');
      await shoot(root, 'admin-users');
      await page.getByRole('link', { name: 'Add user' }).click();
      await page.getByLabel('Username').fill('stella');
      await page.getByLabel('Name', { exact: true }).fill('Stella Staff');
      await page.getByLabel('E-mail').fill('stella@lab.example');
      await page.getByLabel('Password').fill(passwordOf('stella'));
      await page.getByLabel('Staff (may use the admin site', { exact: false }).check();
      assert.equal(await page.locator('input[name="isSuperuser"]').count(), 1, 'a superuser may make one');
      await page.getByRole('button', { name: 'Add user' }).click();
      await page.waitForURL(/\/admin\/users\/\d+$/);
      stellaId = Number(new URL(page.url()).pathname.split('/').pop());
      await page.getByLabel('Can view user').check();
      await page.getByLabel('Can change user').check();
      await page.getByRole('button', { name: 'Save and continue editing' }).click();
      await page.getByText('stella: saved permissions.').waitFor();
      assert.deepEqual([...(await site.authz.loadSubject(stellaId))!.ownPermissions].sort(), [
        'auth.change_user',
        'auth.view_user',
      ]);
      assert.equal(await page.getByLabel('Can view user').isChecked(), true);
      await shoot(root, 'admin-user');
    });

    test('the staff user: no superuser checkbox, no changing a Maintainer, a forged flag refused with the reason', async () => {
      const p = await person('stella');
      const { page } = p;
      await page.goto(`/admin/users/${site.ids.reader}`);
      await page.getByRole('heading', { name: /^reader/ }).waitFor();
      assert.equal(await page.locator('input[name="isSuperuser"]').count(), 0, 'no superuser checkbox');
      await page.getByText(/Superuser \(every permission\): no — only a superuser/).waitFor();
      await shoot(p, 'admin-user-limited');

      await page.goto(`/admin/users/${site.ids.maya}`);
      await page.getByText(/You may look at this account but not change it: /).waitFor();
      assert.equal(await page.getByRole('button', { name: /^Save/ }).count(), 0);
      assert.equal(await page.getByRole('button', { name: 'Deactivate' }).count(), 0);

      // The superuser checkbox, added to the reader's account form by hand.
      await page.goto(`/admin/users/${site.ids.reader}`);
      await page.evaluate(() => {
        const form = document.querySelector<HTMLFormElement>(
          `form[action$="/admin/users/${location.pathname.split('/').pop()}"]`,
        )!;
        for (const [name, value] of [
          ['_flags', 'isSuperuser'],
          ['isSuperuser', 'yes'],
        ]) {
          const input = document.createElement('input');
          input.type = 'hidden';
          input.name = name!;
          input.value = value!;
          form.append(input);
        }
      });
      const [answer] = await Promise.all([
        page.waitForResponse((r) => r.request().method() === 'POST'),
        page.getByRole('button', { name: 'Save and continue editing' }).click(),
      ]);
      assert.equal(answer.status(), 403);
      const alert = page.locator('main form [role="alert"]');
      assert.match(await alert.innerText(), /only a superuser may make or unmake a superuser/);
      p.problems.splice(0); // the 403 answer of the refused form, logged by Chromium as a failed resource
      await shoot(p, 'admin-user-refused');
      assert.equal((await site.authz.getUser(site.ids.reader)).isSuperuser, false);
    });

    test('a group membership change shows on the user\'s "what can this user do" page', async () => {
      const { page } = root;
      await page.goto(`/admin/users/${site.ids.reader}/access`);
      const models = page.locator('section[aria-labelledby="model-heading"]');
      assert.doesNotMatch(await models.innerText(), /Can add experiment/);
      await page.goto(`/admin/users/${site.ids.reader}`);
      // Issue 24: a name typed and a group ticked are saved by one Save, neither lost.
      await page.getByLabel('Name', { exact: true }).fill('Rita Reader');
      await page.getByLabel(ROLE_CONTRIBUTOR, { exact: true }).check();
      // A bad e-mail: refused, and everything typed and ticked is still there.
      await page.getByLabel('E-mail').fill('not an address');
      await page.getByRole('button', { name: 'Save and continue editing' }).click();
      await page.getByText(/Not saved/).waitFor();
      root.problems.splice(0); // the 400 answer of the refused form, logged by Chromium
      assert.equal(await page.getByLabel('Name', { exact: true }).inputValue(), 'Rita Reader');
      assert.equal(await page.getByLabel(ROLE_CONTRIBUTOR, { exact: true }).isChecked(), true);
      assert.equal(await page.getByLabel('E-mail').inputValue(), 'not an address');
      await page.getByLabel('E-mail').fill('rita@lab.example');
      await page.getByRole('button', { name: 'Save and continue editing' }).click();
      await page.getByText('reader: saved account and groups.').waitFor();
      const reader = await site.authz.getUser(site.ids.reader);
      assert.deepEqual([reader.fullName, reader.email], ['Rita Reader', 'rita@lab.example']);
      assert.equal(await page.getByLabel(ROLE_CONTRIBUTOR, { exact: true }).isChecked(), true);
      await page.getByRole('link', { name: 'What can reader do?' }).click();
      await page.waitForURL(`**/admin/users/${site.ids.reader}/access`);
      assert.match(
        await models.innerText(),
        new RegExp(`Can add experiment.*group “?${ROLE_CONTRIBUTOR}`, 's'),
      );
      await shoot(root, 'admin-user-access');
      await page.getByRole('link', { name: 'Groups and roles' }).click();
      await page.getByRole('heading', { name: 'Groups and roles', exact: true }).waitFor();
      assert.match(
        await page.locator('main table').innerText(),
        new RegExp(`${ROLE_CONTRIBUTOR} declared role\\s+3\\b`),
        'carla, colin and now reader',
      );
      await shoot(root, 'admin-groups');
    });

    test("a grant from the object-permissions page shows up in the grantee's session", async () => {
      const [experiment] = await createExperiments(site.authz, site.ids.carla, [
        { title: 'Pouch cell, private' },
      ]);
      const id = Number(experiment!.id);
      const colin = await person('colin');
      const seen = await colin.page.goto(`/experiments/${id}`);
      assert.equal(seen?.status(), 404, 'private to carla');
      colin.problems.splice(0); // the 404 answer, logged by Chromium as a failed resource

      const { page } = root;
      await page.goto(`/admin/experiments/${id}/permissions`);
      await page.getByRole('combobox', { name: /^Name/ }).fill('colin');
      await page.getByLabel('View', { exact: true }).check();
      await page.getByRole('button', { name: 'Grant', exact: true }).click();
      await page.getByText('Granted it to colin.').waitFor();
      const holders = page.locator('section[aria-labelledby="holders-heading"]');
      await holders.getByRole('link', { name: 'colin' }).waitFor();
      await shoot(root, 'admin-object-permissions');

      const now = await colin.page.goto(`/experiments/${id}`);
      assert.equal(now?.status(), 200);
      await colin.page.getByRole('heading', { name: 'Pouch cell, private' }).waitFor();
    });

    test('the audit log shows each of these changes, and who made it', async () => {
      const { page } = root;
      await page.goto('/admin/audit');
      const rows = await page.locator('table.audit tbody tr').allInnerTexts();
      const row = (words: RegExp) =>
        assert.ok(
          rows.some((r) => words.test(r)),
          `${words}\n${rows.join('\n---\n')}`,
        );
      row(/root\s+user\.create\s+stella/);
      row(/root\s+user\.permissions\s+stella/);
      row(/root\s+user\.groups\s+reader/);
      row(/root\s+grant\.add\s+Pouch cell, private/);
      assert.ok(!rows.some((r) => /stella\s+user\.update/.test(r)), 'the forged change never happened');
      await shoot(root, 'admin-audit');
    });
  });
}
