/**
 * Issue 22 part 4 in Chromium: a CSV in no layout we read fails as "unknown layout" and its
 * import row offers "Map columns"; the mapping page shows the file's first rows escaped, marks
 * every missing quantity at once, and once mapped imports the file with the file's own per-cycle
 * capacities. Both screens: no sideways scrolling, no axe violation, no console error.
 */
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { DIALECTS } from '../../../../test-support/databases.ts';
import { createExperiments } from '../../src/experiments/create-experiments.ts';
import { runImport } from '../../src/imports/run-import.ts';
import { homeMadeCsv } from '../imports/support/home-made-csv.ts';
import { launchBrowser, type OpenPage, openPage, screenshot, signInAs } from './support/browser.ts';
import { checkOnScreens } from './support/page-checks.ts';
import { type Site, startSite } from './support/site.ts';

const FILE = homeMadeCsv({ cycles: 3, seed: 5 });
// A column name with markup in it: the page must show it as text.
const TEXT = FILE.text.replace('temp_C', '<i>T</i> °C');

for (const dialect of DIALECTS)
  describe(`column mapping page in Chromium (${dialect})`, () => {
    let browser: Browser;
    let site: Site;
    let experimentId = 0;
    let p: OpenPage | null = null;

    before(async () => {
      site = await startSite(dialect);
      const [row] = await createExperiments(site.authz, site.ids.carla, [
        { title: 'Pouch cells from rig 7' },
      ]);
      experimentId = Number(row!.id);
      const result = await runImport(site.connection, {
        experimentId,
        userId: site.ids.carla,
        fileName: 'rig7-pouch-A.txt',
        input: Readable.from([Buffer.from(TEXT)]),
        maxBytes: Number.MAX_SAFE_INTEGER,
      });
      assert.equal(result.ok ? 'ok' : result.error.message.includes('map its columns'), true);
      browser = await launchBrowser();
    });
    after(async () => {
      try {
        await p?.context.close().catch(() => undefined);
        await browser?.close();
      } finally {
        await site?.close();
      }
      assert.deepEqual(p?.problems ?? [], [], 'no console error or CSP violation');
    });

    test('map the columns of a file in no known layout, and it imports with its own figures', async () => {
      p = await openPage(browser, site.url);
      const { page } = p;
      await signInAs(page, 'carla');
      await page.goto(`/experiments/${experimentId}`);
      await page.getByRole('link', { name: 'Map the columns of rig7-pouch-A.txt' }).click();
      await page.getByRole('heading', { name: 'Map the columns of “rig7-pouch-A.txt”' }).waitFor();

      // The first rows as written; the column name with markup is text, not an element.
      const headers = await page.locator('table.mapping-rows th').allInnerTexts();
      assert.deepEqual(headers.at(-1), '8 <i>T</i> °C');
      assert.equal(await page.locator('table.mapping-rows th i').count(), 0);
      assert.equal(await page.locator('table.mapping-rows tbody tr').count(), 10);
      assert.deepEqual(
        await page.locator('table.mapping-rows tbody tr').first().locator('td').allInnerTexts(),
        [
          '1',
          '1',
          '1',
          '-500',
          '3560',
          String(Number((FILE.cycles[0]!.chargeAh * 100).toFixed(3))),
          '0',
          '25.1',
        ],
      );
      assert.deepEqual(await checkOnScreens(page, 'mapping page'), []);

      // Nothing chosen: every required quantity is marked at once.
      await page.getByRole('button', { name: 'Save the mapping and import the file' }).click();
      await page.getByText('Please correct the 3 fields marked below.').waitFor();
      assert.deepEqual(await page.locator('.field-error').allInnerTexts(), [
        'Test time: choose the column that holds it',
        'Current: choose the column that holds it',
        'Voltage: choose the column that holds it',
      ]);
      assert.deepEqual(await checkOnScreens(page, 'mapping page with errors'), []);
      // The refused form is answered 400 on purpose, which Chromium logs as a failed load: that
      // one line, once, is expected; anything else stays a problem.
      const refused = p.problems.findIndex((m) => m.includes('status of 400 (Bad Request)'));
      assert.notEqual(refused, -1, 'Chromium logged the refused form’s 400');
      p.problems.splice(refused, 1);

      const choose = async (label: string, value: string) =>
        page.getByLabel(label, { exact: true }).selectOption(value);
      await page.getByLabel('Name of the mapping').fill('Rig 7 (LabVIEW)');
      await choose('Test time (required)', '0');
      await choose('Test time: unit', 'min');
      await choose('Cycle number', '1');
      await choose('Step number', '2');
      await choose('Current (required)', '3');
      await choose('Current: unit', 'mA');
      await choose('Voltage (required)', '4');
      await choose('Voltage: unit', 'mV');
      await choose('Charge capacity', '5');
      await choose('Charge capacity: unit', 'mAh');
      await choose('Discharge capacity', '6');
      await choose('Discharge capacity: unit', 'mAh');
      await choose('Temperature', '7');
      await choose('Current while charging', 'negative');
      await screenshot(page, 'column-mapping');
      await page.getByRole('button', { name: 'Save the mapping and import the file' }).click();
      await page.getByText('rig7-pouch-A.txt is imported with the mapping “Rig 7 (LabVIEW)”.').waitFor();

      const cycles = (await (await page.request.get(`/api/experiments/${experimentId}/cycles`)).json()) as {
        items: { cycle: number; chargeCapacityAh: number; dischargeCapacityAh: number }[];
      };
      // The file's own figures in mAh, in Ah (to the last bit a ×0.001 can change).
      assert.deepEqual(
        cycles.items.map((c) => c.cycle),
        FILE.cycles.map((c) => c.cycle),
      );
      for (const [i, c] of FILE.cycles.entries()) {
        assert.ok(Math.abs(cycles.items[i]!.chargeCapacityAh - c.chargeAh) < 1e-12);
        assert.ok(Math.abs(cycles.items[i]!.dischargeCapacityAh - c.dischargeAh) < 1e-12);
      }
      assert.equal(await page.getByRole('link', { name: /^Map the columns/ }).count(), 0);
    });
  });
