/**
 * Institutional sign-in as a person does it, in real Chromium (issue 27): from the sign-in
 * page's "Sign in with Test University" button, through a real OpenID Provider's login and
 * consent pages (oidc-provider's development interactions, on 127.0.0.1), back to a signed-in
 * BatteryDB page; the staff's user page then shows the linked identity. Both dialects; any
 * console error or CSP violation on BatteryDB's pages fails the test.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { DIALECTS } from '../../../../test-support/databases.ts';
import { oidcSite, type OidcSite } from '../oidc/support/oidc-site.ts';
import { launchBrowser, type OpenPage, openPage, screenshot, signInAs } from './support/browser.ts';
import { passwordOf } from './support/site.ts';

for (const dialect of DIALECTS) {
  describe(`institutional sign-in in Chromium (${dialect})`, () => {
    let browser: Browser;
    let site: OidcSite;
    const opened: OpenPage[] = [];

    before(async () => {
      site = await oidcSite(dialect);
      site.provider.accounts.set('bea-7', {
        email: 'bea@uni.example',
        email_verified: true,
        name: 'Bea Curator',
        preferred_username: 'bea',
        groups: ['curators'],
      });
      await site.authz.createUser({
        username: 'root',
        password: passwordOf('root'),
        email: 'root@lab.example',
        isStaff: true,
        isSuperuser: true,
      });
      browser = await launchBrowser();
    });
    after(async () => {
      try {
        for (const p of opened) await p.context.close().catch(() => undefined);
        await browser?.close();
      } finally {
        await site?.close();
      }
    });

    test('the button leads through the provider to a signed-in page, as a Maintainer', async () => {
      const p = await openPage(browser, site.base);
      opened.push(p);
      const { page } = p;
      await page.goto('/sign-in');
      const button = page.getByRole('link', { name: 'Sign in with Test University' });
      await button.waitFor();
      if (dialect === 'sqlite') await screenshot(page, 'sign-in-with-institution');
      assert.deepEqual(p.problems, [], 'the sign-in page is clean');
      await button.click();
      // The provider's own pages (not ours: its console is its business).
      await page.waitForURL((url) => url.origin === site.provider.issuer);
      await page.locator('input[name="login"]').fill('bea-7');
      await page.locator('input[name="password"]').fill('anything');
      await page.getByRole('button', { name: 'Sign-in' }).click();
      await page.getByRole('button', { name: 'Continue' }).click();
      await page.waitForURL((url) => url.origin === site.base && url.pathname === '/experiments');
      p.problems.length = 0;
      await page.reload();
      await page.getByRole('button', { name: /sign out/i }).waitFor();
      assert.match(await page.locator('body').innerText(), /bea/);
      const bea = (await site.authz.findUserByUsername('bea'))!;
      assert.equal(bea.isStaff, false);
      assert.ok(await site.authz.hasPerm(bea.id, 'batterydb.change_experiment'), 'Maintainer by the mapping');
      assert.deepEqual(p.problems, [], 'no console error or CSP violation back on BatteryDB');
    });

    test("the staff's user page shows the linked identity", async () => {
      const p = await openPage(browser, site.base);
      opened.push(p);
      await signInAs(p.page, 'root');
      const bea = (await site.authz.findUserByUsername('bea'))!;
      await p.page.goto(`/admin/users/${bea.id}`);
      const section = p.page.getByRole('region', { name: 'Institutional sign-in' });
      await section.waitFor();
      const text = await section.innerText();
      assert.match(text, new RegExp(site.provider.issuer.replaceAll('.', '\\.')));
      assert.match(text, /bea-7/);
      if (dialect === 'sqlite') await screenshot(p.page, 'admin-user-institutional-identity');
      assert.deepEqual(p.problems, []);
    });
  });
}
