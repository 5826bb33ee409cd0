/**
 * Two-factor sign-in as a person does it, in real Chromium (issue 27): from the account page to
 * the QR code (an inline SVG that must render under the strict CSP), the first code from the
 * "app" (codes computed with `otpauth` from the key the page shows), the ten recovery codes,
 * signing out, and signing in again with password and code. Any console error or CSP violation
 * fails the test.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import * as OTPAuth from 'otpauth';
import type { Browser } from 'playwright-core';
import { DIALECTS } from '../../../../test-support/databases.ts';
import { launchBrowser, type OpenPage, openPage, screenshot, signInAs } from './support/browser.ts';
import { passwordOf, type Site, startSite } from './support/site.ts';

/**
 * What the app shows `ahead` steps from now. Enrolment types the current code and sign-in the
 * next step's (inside the one-step drift window, and always later than the step the enrolment
 * used), so the test never waits for the clock to turn although a step is accepted only once.
 */
const codeOf = (secret: string, ahead: 0 | 1) =>
  new OTPAuth.TOTP({
    secret: OTPAuth.Secret.fromBase32(secret),
    algorithm: 'SHA1',
    digits: 6,
    period: 30,
  }).generate({
    timestamp: Date.now() + ahead * 30_000,
  });

for (const dialect of DIALECTS) {
  describe(`two-factor sign-in in Chromium (${dialect})`, () => {
    let browser: Browser;
    let site: Site;
    let person: OpenPage | null = null;
    before(async () => {
      site = await startSite(dialect);
      browser = await launchBrowser();
    });
    after(async () => {
      try {
        await person?.context.close().catch(() => undefined);
        await browser?.close();
      } finally {
        await site?.close();
      }
      assert.deepEqual(person?.problems ?? [], [], 'no console error or CSP violation on any page');
    });

    test('enrol with the QR code and a code, then sign in with password and code', async () => {
      person = await openPage(browser, site.url);
      const { page } = person;
      await signInAs(page, 'carla');
      await page.goto('/account');
      await page.getByRole('link', { name: 'Set up two-factor sign-in' }).click();
      await page.getByRole('button', { name: 'Set up two-factor sign-in' }).click();
      const qr = page.getByRole('img', { name: 'QR code to add BatteryDB to your authenticator app' });
      await qr.waitFor();
      const box = await qr.boundingBox();
      assert.ok(
        box && box.width >= 150 && box.height >= 150,
        `the QR code is drawn large enough: ${JSON.stringify(box)}`,
      );
      const secret = (await page.locator('code.token-value').textContent())!.trim();
      assert.match(secret, /^[A-Z2-7]{32}$/);
      if (dialect === 'sqlite') await screenshot(page, 'two-factor-enrol');

      await page.getByLabel('Type the code the app shows').fill(codeOf(secret, 0));
      await page.getByRole('button', { name: 'Turn on two-factor sign-in' }).click();
      await page.getByText('Your recovery codes.').waitFor();
      assert.equal(await page.locator('ol.recovery-codes li').count(), 10);
      if (dialect === 'sqlite') await screenshot(page, 'two-factor-recovery-codes');

      await page.getByRole('button', { name: 'Sign out' }).first().click();
      await page.waitForURL(/\/sign-in$/);
      await page.getByLabel('Username').fill('carla');
      await page.getByLabel('Password').fill(passwordOf('carla'));
      await Promise.all([
        page.waitForURL(/\/sign-in\/code/),
        page.getByRole('button', { name: 'Sign in' }).click(),
      ]);
      if (dialect === 'sqlite') await screenshot(page, 'two-factor-sign-in-code');
      await page.getByLabel('Code').fill(codeOf(secret, 1));
      await Promise.all([
        page.waitForURL((url) => !url.pathname.startsWith('/sign-in')),
        page.getByRole('button', { name: 'Sign in' }).click(),
      ]);
      await page.goto('/account');
      await page.getByText('On: signing in asks for a code from your app').waitFor();
    });
  });
}
