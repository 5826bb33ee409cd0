/**
 * Issue 26 in real Chromium: the experiment's "Citation" fieldset, as a person fills it —
 * once with JavaScript off (the form is plain HTML: textareas, one creator a line) and once with
 * it on. A wrong ORCID check digit and a licence that is not an SPDX id are both marked on their
 * fields at once, with the line typed, and everything typed comes back; corrected, the
 * experiment page shows the citation with its identifiers as links.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { DIALECTS } from '../../../../test-support/databases.ts';
import { createExperiments } from '../../src/experiments/create-experiments.ts';
import { launchBrowser, type OpenPage, openPage, screenshot, signInAs } from './support/browser.ts';
import { type Site, startSite } from './support/site.ts';

const CREATORS_WRONG = 'Curie, Marie; 0000-0002-1825-0097; Sorbonne\nPierre Curie; 0000-0002-1825-0098';
const CREATORS_RIGHT = 'Curie, Marie; 0000-0002-1825-0097; Sorbonne\nPierre Curie';

async function fillCitation(page: Page, creators: string, licence: string) {
  await page.getByLabel('Creators').fill(creators);
  await page.getByLabel('Licence').fill(licence);
  await page.getByLabel('Keywords').fill('ageing, LFP');
  await page
    .getByLabel('Related publications')
    .fill('https://doi.org/10.1149/1945-7111/ab1234; IsSupplementTo');
  await page.getByLabel('Funding').fill('European Research Council; 101000000; BATTERY 2030+');
  await page.getByLabel('Dataset DOI').fill('doi:10.5281/zenodo.42');
}

async function checkCitationFlow(
  page: Page,
  problems: string[],
  id: number,
  shoot: (name: string) => Promise<void>,
) {
  await page.goto(`/experiments/${id}/edit`);
  await fillCitation(page, CREATORS_WRONG, 'CC-BY');
  await page.getByRole('button', { name: 'Save changes' }).click();
  await page.waitForLoadState();
  // The refused form's 400, which Chromium logs as a failed resource (with JavaScript on); nothing else.
  assert.ok(
    problems.every((p) => p.includes('status of 400')),
    problems.join('\n'),
  );
  problems.splice(0);
  // Both problems at once, each on its field, the line named; nothing typed is lost.
  await assertText(page, '.form-error', 'Please correct the 2 fields marked below.');
  await assertText(
    page,
    '#f-citationCreators-error',
    /^Line 2: the ORCID iD "0000-0002-1825-0098" is not a valid ORCID iD/,
  );
  await assertText(page, '#f-citationLicence-error', /"CC-BY" is not an SPDX licence id/);
  assert.equal(await page.getByLabel('Creators').inputValue(), CREATORS_WRONG);
  assert.equal(await page.getByLabel('Licence').inputValue(), 'CC-BY');
  assert.equal(await page.getByLabel('Keywords').inputValue(), 'ageing, LFP');
  await page.locator('#citation').scrollIntoViewIfNeeded();
  await shoot('citation-form-errors');

  await page.getByLabel('Creators').fill(CREATORS_RIGHT);
  await page.getByLabel('Licence').fill('cc-by-4.0');
  await Promise.all([
    page.waitForURL(new RegExp(`/experiments/${id}$`)),
    page.getByRole('button', { name: 'Save changes' }).click(),
  ]);
  const section = page.locator('section[aria-labelledby="citation-heading"]');
  await assertText(
    section.locator('ol.creators li').first(),
    /^Curie, Marie https:\/\/orcid\.org\/0000-0002-1825-0097 — Sorbonne$/,
  );
  await assertText(section.locator('ol.creators li').nth(1), 'Pierre Curie');
  assert.equal(
    await section.getByRole('link', { name: 'CC-BY-4.0' }).getAttribute('href'),
    'https://spdx.org/licenses/CC-BY-4.0.html',
  );
  assert.equal(
    await section.getByRole('link', { name: '10.5281/zenodo.42' }).getAttribute('href'),
    'https://doi.org/10.5281/zenodo.42',
  );
  await section.scrollIntoViewIfNeeded();
  await shoot('experiment-citation');

  // Back on the edit page the stored citation reads as typed, normalised.
  await page.goto(`/experiments/${id}/edit`);
  assert.equal(await page.getByLabel('Creators').inputValue(), CREATORS_RIGHT);
  assert.equal(await page.getByLabel('Licence').inputValue(), 'CC-BY-4.0');
  assert.equal(await page.getByLabel('Dataset DOI').inputValue(), '10.5281/zenodo.42');
}

async function assertText(
  locator: { textContent(): Promise<string | null> } | Page,
  selectorOrLocator: string | RegExp,
  expected?: string | RegExp,
) {
  const [target, want] =
    typeof selectorOrLocator === 'string' && expected !== undefined
      ? [(locator as Page).locator(selectorOrLocator), expected]
      : [locator as { textContent(): Promise<string | null> }, selectorOrLocator];
  const text = ((await target.textContent()) ?? '').replace(/\s+/g, ' ').trim();
  if (typeof want === 'string') assert.equal(text, want);
  else assert.match(text, want);
}

for (const dialect of DIALECTS)
  describe(`the citation fieldset in Chromium (${dialect})`, () => {
    let browser: Browser;
    let site: Site;
    const opened: OpenPage[] = [];
    const shoot = (p: Page, suffix: string) => (name: string) =>
      dialect === 'sqlite' ? screenshot(p, `${name}${suffix}`) : Promise.resolve();
    const experiment = async (title: string) => {
      const [e] = await createExperiments(site.authz, site.ids.carla, [{ title, chemistry: 'LFP' }]);
      return Number(e!.id);
    };

    before(async () => {
      site = await startSite(dialect);
      browser = await launchBrowser();
    });
    after(async () => {
      try {
        for (const p of opened) await p.context.close().catch(() => undefined);
        await browser?.close();
      } finally {
        await site?.close();
      }
      for (const p of opened) assert.deepEqual(p.problems, [], 'no console error or CSP violation');
    });

    test('without JavaScript: plain form posts, every problem marked, what was typed kept', async () => {
      const context = await browser.newContext({
        baseURL: site.url,
        javaScriptEnabled: false,
        viewport: { width: 1280, height: 900 },
      });
      const page = await context.newPage();
      opened.push({ page, context, problems: [] });
      await signInAs(page, 'carla');
      await checkCitationFlow(page, [], await experiment('LFP ageing (no JS)'), shoot(page, ''));
    });

    test('with JavaScript, on a phone: the same form, no console errors', async () => {
      const p = await openPage(browser, site.url, { width: 390, height: 844 });
      opened.push(p);
      await signInAs(p.page, 'carla');
      await checkCitationFlow(
        p.page,
        p.problems,
        await experiment('LFP ageing (JS)'),
        shoot(p.page, '-phone'),
      );
      const sideways = await p.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(sideways <= 0, `the page scrolls sideways by ${sideways}px on a 390 px phone`);
    });
  });
