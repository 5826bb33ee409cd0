/**
 * Open data as a visitor without an account (issue 26), in real Chromium on both dialects: the
 * catalogue, a search, a released dataset's landing page (licence, files with SHA-256, the
 * capacity figure, Cite as, the JSON-LD block) and a download whose bytes are the original's —
 * with no console error or CSP violation. A merely public experiment of the same lab is not there.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { DIALECTS } from '../../../../test-support/databases.ts';
import { releaseOpenly } from '../../src/datasets/release-dataset.ts';
import { fixture } from '../support/fixture-cyclers.ts';
import { launchBrowser, openPage, screenshot } from './support/browser.ts';
import { LAB, seedLab } from './support/lab.ts';
import { checkOnScreens } from './support/page-checks.ts';
import { type Site, startSite } from './support/site.ts';

const released = LAB.find((e) => e.public)!;
const otherPublic = LAB.filter((e) => e.public)[1];

for (const dialect of DIALECTS) {
  describe(`open data for a visitor without an account (${dialect})`, () => {
    let browser: Browser;
    let site: Site;
    let id = 0;

    before(async () => {
      site = await startSite(dialect);
      const lab = await seedLab(site);
      id = lab.get(released.fields.title)!;
      const maya = (await site.authz.loadSubject(site.ids.maya))!;
      await releaseOpenly(site.authz, maya, id, 'CC-BY-4.0');
      browser = await launchBrowser();
    });
    after(async () => {
      await browser?.close();
      await site?.close();
    });

    test('catalogue → landing page → download, signed out', async () => {
      const { page, context, problems } = await openPage(browser, site.url, { width: 1280, height: 900 });
      try {
        await page.goto('/datasets');
        assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'Open data');
        const link = page.getByRole('link', { name: released.fields.title });
        assert.equal(await link.count(), 1);
        if (otherPublic) assert.equal(await page.getByText(otherPublic.fields.title).count(), 0);
        // Fits a phone without sideways scrolling and passes axe (WCAG 2.1 A/AA), as every page does.
        assert.deepEqual(await checkOnScreens(page, 'catalogue'), []);
        await page.getByLabel('Search titles, descriptions and materials').fill('graphite');
        await Promise.all([
          page.waitForURL(/q=graphite/),
          page.getByRole('button', { name: 'Search' }).click(),
        ]);
        await Promise.all([
          page.waitForURL(/\/datasets\/\d+\/v\/1$/),
          page.getByRole('link', { name: released.fields.title }).click(),
        ]);
        assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), released.fields.title);
        assert.equal(await page.getByRole('link', { name: /Creative Commons Attribution 4.0/ }).count(), 1);
        assert.equal(await page.getByRole('heading', { name: 'Cite as' }).count(), 1);
        assert.equal(await page.locator('figure.capacity-figure svg polyline').count(), 1);
        const ld = JSON.parse((await page.locator('script[type="application/ld+json"]').textContent())!) as {
          '@type': string;
          name: string;
        };
        assert.deepEqual([ld['@type'], ld.name], ['Dataset', released.fields.title]);
        const original = readFileSync(fixture(released.file));
        const sha = createHash('sha256').update(original).digest('hex');
        assert.equal(await page.getByText(sha).count(), 1);
        assert.deepEqual(await checkOnScreens(page, 'landing page'), []);
        await screenshot(page, 'dataset-landing');
        const [download] = await Promise.all([
          page.waitForEvent('download'),
          page.getByRole('link', { name: released.file.split('/').pop()! }).click(),
        ]);
        const saved = readFileSync(await download.path());
        assert.equal(createHash('sha256').update(saved).digest('hex'), sha);
        assert.ok(saved.equals(original));
        assert.deepEqual(problems, []);
      } finally {
        await context.close();
      }
    });
  });
}
