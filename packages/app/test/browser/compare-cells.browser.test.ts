/**
 * Compare across cells (issue 20 part 4) in Chromium, with real cycler files of
 * shared/data/cyclers: four cells of two experiments, each its own series "experiment · cell";
 * mAh/g draws only the cells with a mass and names the others; a V–Q overlay of one cycle; the
 * view (quantity, cells) survives a reload from the URL; without JavaScript the tables carry the
 * figures; at 390 px nothing is wider than the screen. Any console error or CSP violation fails.
 */
import assert from 'node:assert/strict';
import { createReadStream } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { CYCLER_DATA, HAVE_CYCLER_DATA, withoutCyclerData } from '../../../../test-support/cycler-data.ts';
import { DIALECTS } from '../../../../test-support/databases.ts';
import { updateCell } from '../../src/cells/change-cells.ts';
import { findCells } from '../../src/cells/find-cells.ts';
import { createExperiments } from '../../src/experiments/create-experiments.ts';
import { runImport } from '../../src/imports/run-import.ts';
import { launchBrowser, type OpenPage, openPage, shootElement, signInAs } from './support/browser.ts';
import { type Site, startSite } from './support/site.ts';

/** Two experiments: an LFP 18650 (Arbin) and a Tesla diagnostic cell (Maccor); two Neware coin half-cells with masses. */
const EXPERIMENTS = [
  {
    title: 'Cylindrical cells',
    cells: [
      { file: 'arbin/arbin_example.csv', label: 'LFP 18650', massMg: null },
      { file: 'maccor/xTESLADIAG_000038con.078', label: 'Tesla diag', massMg: null },
    ],
  },
  {
    title: 'Coin half-cells',
    cells: [
      // SOURCES.md A6: the file's remark says "1.04497215 mg active".
      { file: 'neware/custom_data_003.xls', label: 'M221075', massMg: 1.045 },
      { file: 'neware/neware_uio.csv', label: 'UiO coin', massMg: 12.5 },
    ],
  },
];

if (!HAVE_CYCLER_DATA) withoutCyclerData('compare across cells in Chromium');
else
  for (const dialect of DIALECTS)
    describe(`compare across cells in Chromium (${dialect})`, () => {
      let browser: Browser;
      let site: Site;
      const ids: number[] = [];
      const opened: OpenPage[] = [];
      const carla = async (size: { width: number; height: number } = { width: 1280, height: 900 }) => {
        const p = await openPage(browser, site.url, size);
        opened.push(p);
        await signInAs(p.page, 'carla');
        return p;
      };

      before(async () => {
        site = await startSite(dialect);
        for (const e of EXPERIMENTS) {
          const [row] = await createExperiments(site.authz, site.ids.carla, [{ title: e.title }]);
          const experimentId = Number(row!.id);
          ids.push(experimentId);
          for (const c of e.cells) {
            const result = await runImport(site.connection, {
              experimentId,
              userId: site.ids.carla,
              fileName: path.basename(c.file),
              input: createReadStream(path.join(CYCLER_DATA, c.file)) as AsyncIterable<Buffer>,
              maxBytes: Number.MAX_SAFE_INTEGER,
            });
            assert.ok(result.ok, c.file);
          }
          const cells = await findCells(site.connection.db, experimentId);
          for (const [i, cell] of cells.entries())
            await updateCell(
              site.connection.db,
              experimentId,
              cell.id,
              { label: e.cells[i]!.label, activeMassMg: e.cells[i]!.massMg },
              Date.now(),
            );
        }
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

      test('four cells, each its own series; mAh/g names the cells without mass; V–Q of one cycle; the view in the URL', async () => {
        const { page } = await carla();
        await page.goto(`/compare?id=${ids[0]}&id=${ids[1]}`);
        await page.waitForSelector('#plot-compare canvas');
        assert.equal(await page.locator('#plot-compare-status').innerText(), '4 cells of 2 experiments.');
        const labels = EXPERIMENTS.flatMap((e) => e.cells.map((c) => `${e.title} · ${c.label}`));
        assert.deepEqual(await page.locator('#plot-compare-legend li').allInnerTexts(), labels);
        await page.locator('#plot-voltage-legend li', { hasText: 'Tesla diag cycle 1' }).waitFor();
        assert.equal(
          await page.locator('#plot-voltage-legend li:not(.legend-note)').count(),
          4,
          'cycle 1 of every cell',
        );
        await shootElement(page.locator('#compare'), 'compare');

        await page.getByLabel('Show').selectOption('mahg');
        await page.locator('#plot-compare-status', { hasText: 'Not drawn (no active mass)' }).waitFor();
        assert.equal(
          await page.locator('#plot-compare-status').innerText(),
          '2 cells of 1 experiment. Not drawn (no active mass): Cylindrical cells · LFP 18650; Cylindrical cells · Tesla diag.',
        );
        await page
          .locator('#plot-voltage-legend li', { hasText: 'Tesla diag' })
          .waitFor({ state: 'detached' });
        assert.equal(
          await page.locator('#plot-voltage-legend li:not(.legend-note)').count(),
          2,
          'only cells with a mass in mAh/g',
        );

        await page.getByRole('checkbox', { name: 'Coin half-cells · UiO coin' }).uncheck();
        await page.locator('#plot-compare-status', { hasText: /^1 cell of 1 experiment\./ }).waitFor();
        const url = new URL(page.url());
        assert.equal(url.searchParams.get('quantity'), 'mahg');
        assert.ok(url.searchParams.get('cells'), 'the chosen cells are in the URL');

        // The same URL opened again shows the same view.
        await page.reload();
        await page.locator('#plot-compare-status', { hasText: /^1 cell of 1 experiment\./ }).waitFor();
        assert.equal(await page.getByLabel('Show').inputValue(), 'mahg');
        assert.equal(
          await page.getByRole('checkbox', { name: 'Coin half-cells · UiO coin' }).isChecked(),
          false,
        );

        // Normalised to a chosen cycle, and a V–Q overlay of another cycle.
        await page.getByLabel('Show').selectOption('normalised');
        await page.getByLabel('Normalise to cycle').fill('2');
        await page.getByRole('button', { name: 'Show', exact: true }).click();
        await page.locator('#plot-compare-status', { hasText: /^3 cells of 2 experiments\./ }).waitFor();
        await page.getByLabel('Cycle for voltage vs capacity').fill('2');
        await page.getByRole('button', { name: 'Overlay' }).click();
        await page.locator('#plot-voltage-legend li', { hasText: 'M221075 cycle 2' }).waitFor();
        assert.equal(
          await page.locator('a', { hasText: 'CSV' }).first().getAttribute('href'),
          `/api/compare/cycles?id=${ids[0]}&id=${ids[1]}&format=csv`,
        );
      });

      test('at 390 px: nothing wider than the screen, the plot drawn', async () => {
        const { page } = await carla({ width: 390, height: 844 });
        await page.goto(`/compare?id=${ids[0]}&id=${ids[1]}`);
        await page.waitForSelector('#plot-compare canvas');
        await page.locator('#plot-voltage-legend li').first().waitFor();
        const widest = await page.evaluate(() => document.documentElement.scrollWidth);
        assert.ok(widest <= 390, `the page is ${widest} px wide`);
        await shootElement(page.locator('#compare'), 'compare-phone');
      });

      test('without JavaScript: every cell’s per-cycle table, "no mass" where a cell has none', async () => {
        const context = await browser.newContext({ baseURL: site.url, javaScriptEnabled: false });
        try {
          const page = await context.newPage();
          await signInAs(page, 'carla');
          await page.goto(`/compare?id=${ids[0]}&id=${ids[1]}&ref=2`);
          assert.equal(await page.locator('.cell-cycles').count(), 4);
          await page.getByText('Normalised: discharge as a percentage of the cell’s cycle 2.').waitFor();
          const tesla = page.locator('.cell-cycles', { hasText: 'Cylindrical cells · Tesla diag' });
          assert.equal(await tesla.locator('tbody tr').count(), 8, 'cycles 0–7');
          assert.equal(await tesla.locator('tbody tr td:nth-child(4)').first().innerText(), 'no mass');
          assert.equal(await tesla.locator('tbody tr').nth(2).locator('td').nth(2).innerText(), '100.00 %');
        } finally {
          await context.close();
        }
      });
    });
