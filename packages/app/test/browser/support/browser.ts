import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, type BrowserContext, chromium, type Locator, type Page } from 'playwright-core';
import { passwordOf } from './site.ts';

/** Debian's Chromium (CI installs it); the tests start it themselves. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-sync',
    ],
  });
}

/**
 * A page of a fresh browser context (own cookies) that records every console error, uncaught
 * exception and CSP violation (Chromium reports those on the console): `problems` must stay
 * empty, and the tests assert it.
 */
export async function openPage(
  browser: Browser,
  baseURL: string,
  options: { width?: number; height?: number } = {},
) {
  const context: BrowserContext = await browser.newContext({
    baseURL,
    viewport: { width: options.width ?? 1280, height: options.height ?? 900 },
  });
  const page: Page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' || /Content Security Policy/i.test(message.text()))
      problems.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  return { page, context, problems };
}

export type OpenPage = Awaited<ReturnType<typeof openPage>>;

/** Signs in through the sign-in form, as a person would. */
export async function signInAs(page: Page, username: string, password = passwordOf(username)): Promise<void> {
  await page.goto('/sign-in');
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(password);
  await Promise.all([
    page.waitForURL((url) => !url.pathname.startsWith('/sign-in')),
    page.getByRole('button', { name: 'Sign in' }).click(),
  ]);
}

const SCREENSHOTS = fileURLToPath(new URL('../../../../../docs/screenshots/', import.meta.url));

/**
 * With `SCREENSHOTS=1` the browser tests keep screenshots of the main pages in
 * docs/screenshots/ (committed, shown in the README); otherwise nothing is written.
 */
export async function screenshot(page: Page, name: string): Promise<void> {
  if (process.env.SCREENSHOTS !== '1') return;
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/** An element's picture beside the page's screenshots (SCREENSHOTS=1 only). */
export async function shootElement(locator: Locator, name: string): Promise<void> {
  if (process.env.SCREENSHOTS !== '1') return;
  mkdirSync(SCREENSHOTS, { recursive: true });
  await locator.screenshot({ path: join(SCREENSHOTS, `${name}.png`) });
}
