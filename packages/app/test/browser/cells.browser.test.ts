/**
 * Issue 20 in Chromium: three replicate coin cells (real Neware files) of different masses in
 * one experiment show as three series in mAh/g, with a mean ± SD band on request; the cells
 * table is edited in place by the owner and read-only for a reader; every capacity in the cycle
 * tables has at least three significant digits. Any console error or CSP violation fails.
 */
import assert from 'node:assert/strict';
import { createReadStream } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import type { Browser } from 'playwright-core';
import { DIALECTS } from '../../../../test-support/databases.ts';
import { updateCell } from '../../src/cells/change-cells.ts';
import { findCells } from '../../src/cells/find-cells.ts';
import { createExperiments } from '../../src/experiments/create-experiments.ts';
import { runImport } from '../../src/imports/run-import.ts';
import { fixture } from '../support/fixture-cyclers.ts';
import {
  launchBrowser,
  type OpenPage,
  openPage,
  screenshot,
  shootElement,
  signInAs,
} from './support/browser.ts';
import { type Site, startSite } from './support/site.ts';

/**
 * The one real multi-cycle coin-cell file in fixtures/cyclers (LANHE, 14 cycles), stored three
 * times (as `?duplicate=allow` would) as three cells of different masses: stand-ins for
 * replicates whose mAh/g differ by their masses, so the band and the units can be checked.
 * shared/data/cyclers (SOURCES.md) has no true replicates either: nine files, nine different cells.
 */
const REPLICATES = [
  { file: 'lanhe/custom_data_002.xlsx', massMg: 12.46 },
  { file: 'lanhe/custom_data_002.xlsx', massMg: 9.81 },
  { file: 'lanhe/custom_data_002.xlsx', massMg: 14.07 },
];

/** Significant digits as written: "0.0123" → 3, "1,234.5" → 5, "12.30" → 4. */
export function significantDigits(text: string): number {
  const digits = text.replace(/[-,]/g, '').replace('.', '').replace(/^0+/, '');
  return digits.length;
}

for (const dialect of DIALECTS)
  describe(`cells in Chromium (${dialect})`, () => {
    let browser: Browser;
    let site: Site;
    let experimentId = 0;
    const opened: OpenPage[] = [];
    const person = async (name: string) => {
      const p = await openPage(browser, site.url);
      opened.push(p);
      await signInAs(p.page, name);
      return p;
    };

    before(async () => {
      site = await startSite(dialect);
      const [row] = await createExperiments(site.authz, site.ids.carla, [
        {
          title: 'Coin half-cells (LANHE), three replicates',
          cellFormat: 'coin',
        },
      ]);
      experimentId = Number(row!.id);
      for (const { file } of REPLICATES) {
        const result = await runImport(site.connection, {
          experimentId,
          userId: site.ids.carla,
          fileName: file.split('/').pop()!,
          input: createReadStream(fixture(file)) as AsyncIterable<Buffer>,
          maxBytes: Number.MAX_SAFE_INTEGER,
          allowDuplicate: true,
        });
        assert.ok(result.ok, file);
      }
      const cells = await findCells(site.connection.db, experimentId);
      for (const [i, cell] of cells.entries())
        await updateCell(
          site.connection.db,
          experimentId,
          cell.id,
          {
            label: `C-0${i + 1}`,
            channel: String(i + 1),
            temperatureC: 25,
            activeMassMg: REPLICATES[i]!.massMg,
            electrodeAreaCm2: 1.539,
            chargeCRate: 0.1,
            dischargeCRate: 0.1,
            voltageMinV: 0.005,
            voltageMaxV: 1,
          },
          Date.now(),
        );
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

    test('three replicates: three series in mAh/g, a mean ± SD band, tables of three significant digits', async () => {
      const p = await person('carla');
      const { page } = p;
      await page.goto(`/experiments/${experimentId}`);
      await page.waitForSelector('#plot-capacity canvas');
      assert.match(await page.locator('#plot-capacity-status').innerText(), /^3 cells; capacity in mAh\/g\./);
      assert.deepEqual(await page.locator('#plot-capacity-legend li').allInnerTexts(), [
        'C-01',
        'C-02',
        'C-03',
        'solid: discharge capacity, dashed: coulombic efficiency',
      ]);
      await page.getByLabel('mean ± standard deviation of the chosen cells').check();
      await page
        .locator('#plot-capacity-status', { hasText: 'Mean ± standard deviation over 3 cells' })
        .waitFor();
      await page.waitForSelector('#plot-voltage canvas');
      await page.locator('#plot-voltage-legend li', { hasText: 'C-03 cycle' }).first().waitFor();
      await page.waitForSelector('#plot-time canvas');

      // Each cell its own table, in mAh/g by default; every non-zero value ≥ 3 significant digits.
      assert.equal(await page.locator('.cell-cycles').count(), 3);
      const values = await page.locator('.cycle-table td.num').allInnerTexts();
      const numbers = values.flatMap((v) => v.match(/-?[\d,]*\.?\d+/g) ?? []);
      const capacities = (await page.locator('.cycle-table td:nth-child(3)').allInnerTexts()).join(' ');
      assert.match(capacities, /mAh\/g · [\d.]+ mAh/);
      const cycleNumbers = new Set(await page.locator('.cycle-table td:first-child').allInnerTexts());
      const thin = numbers.filter(
        (n) => Number(n.replace(/,/g, '')) !== 0 && !cycleNumbers.has(n) && significantDigits(n) < 3,
      );
      assert.deepEqual(thin, [], 'no value with fewer than three significant digits');

      // The table scrolls inside a region the keyboard reaches.
      assert.equal(await page.locator('.cell-cycles .table-wrap').first().getAttribute('tabindex'), '0');
      await screenshot(page, 'experiment-cells');
      await shootElement(page.locator('#cells'), 'cells-table');
      await shootElement(page.locator('#plots'), 'cells-replicates');

      // Edited in place: the second cell's mass, with a decimal comma.
      await page.getByText('Edit C-02').click();
      await page.locator('#cell-' + (await cellId(1)) + '-activeMassMg').fill('10,25');
      await page.getByRole('button', { name: 'Save C-02' }).click();
      await page.getByText('The cell is saved.').waitFor();
      assert.match(await page.locator('#cells tbody tr').nth(2).innerText(), /10\.25 mg/);
    });

    test('a reader sees the cells of a public experiment and no control to edit them', async () => {
      await site.authz.experiments.update(sql`id = ${experimentId}`, { status: 'public' });
      const p = await person('reader');
      await p.page.goto(`/experiments/${experimentId}`);
      await p.page.getByRole('heading', { name: 'Cells', exact: true }).waitFor();
      assert.equal(await p.page.locator('#cells th[scope="row"]').count(), 3);
      assert.equal(await p.page.getByText(/^Edit C-0/).count(), 0);
      assert.equal(await p.page.getByRole('button', { name: 'Add cell' }).count(), 0);
    });

    async function cellId(index: number): Promise<number> {
      return (await findCells(site.connection.db, experimentId))[index]!.id;
    }
  });
