/**
 * Plot export in real Chromium (issue 21): a scientist downloads the capacity plot as PNG (at
 * screen size and at 300 dpi), as SVG and its data as CSV. The PNGs are read as images (their
 * size from the IHDR chunk: the plot's size, and 300/96 times it), the SVG as XML with the axis
 * labels (units included) and the legend, and the CSV's figures equal the API's cycles.
 * Any console error or CSP violation fails the test.
 */
import assert from 'node:assert/strict';
import { createReadStream } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { DIALECTS } from '../../../../test-support/databases.ts';
import { createExperiments } from '../../src/experiments/create-experiments.ts';
import { runImport } from '../../src/imports/run-import.ts';
import { fixture } from '../support/fixture-cyclers.ts';
import { readCsv } from '../support/read-exports.ts';
import { clickDownload } from './support/downloads.ts';
import { launchBrowser, type OpenPage, openPage, signInAs } from './support/browser.ts';
import { type Site, startSite } from './support/site.ts';

/** A PNG's pixel size, from its IHDR chunk (after the 8-byte signature and the chunk header). */
function pngSize(bytes: Buffer): { width: number; height: number } {
  assert.equal(bytes.subarray(0, 8).toString('hex'), '89504e470d0a1a0a', 'a PNG signature');
  assert.equal(bytes.subarray(12, 16).toString('latin1'), 'IHDR');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

for (const dialect of DIALECTS) {
  describe(`plot export in Chromium (${dialect})`, () => {
    let browser: Browser;
    let site: Site;
    let p: OpenPage;
    let experimentId = 0;

    before(async () => {
      site = await startSite(dialect);
      const [row] = await createExperiments(site.authz, site.ids.carla, [
        { title: 'NMC half cell', activeMassMg: 15 },
      ]);
      experimentId = Number(row!.id);
      const result = await runImport(site.connection, {
        experimentId,
        userId: site.ids.carla,
        fileName: 'nw4-120-6-1-36.ndax',
        input: createReadStream(fixture('neware/nw4-120-6-1-36.ndax')) as AsyncIterable<Buffer>,
        maxBytes: Number.MAX_SAFE_INTEGER,
      });
      assert.ok(result.ok);
      browser = await launchBrowser();
      p = await openPage(browser, site.url);
      await signInAs(p.page, 'carla');
    });
    after(async () => {
      await p?.context.close();
      await browser?.close();
      await site?.close();
    });

    /** Clicks an export button of the capacity plot and returns the downloaded file. */
    const download = (kind: string) =>
      clickDownload(p.page, p.page.locator(`#plot-capacity-export button[data-export="${kind}"]`));

    test('PNG at screen size and at 300 dpi, SVG with labels and legend, and the data as CSV', async () => {
      await p.page.goto(`/experiments/${experimentId}`);
      await p.page.locator('#plot-capacity canvas').waitFor();
      const plot = await p.page.locator('#plot-capacity .uplot').evaluate((e) => ({
        width: e.clientWidth,
        // Where the plot area ends: the figure has the x axis' label and the legend below it.
        areaBottom:
          e.querySelector('.u-over')!.getBoundingClientRect().bottom - e.getBoundingClientRect().top,
      }));

      const screen = await download('png');
      assert.equal(screen.name, `experiment-${experimentId}-plot-capacity.png`);
      const small = pngSize(screen.bytes);
      assert.equal(small.width, plot.width, 'the plot’s width');
      assert.ok(small.height >= plot.areaBottom + 48 + 20, 'the plot, its x axis label and a legend row');
      const print = pngSize((await download('png-300dpi')).bytes);
      assert.equal(print.width, Math.round(small.width * (300 / 96)));
      assert.equal(print.height, Math.round(small.height * (300 / 96)));

      const svg = (await download('svg')).bytes.toString('utf8');
      assert.match(svg, /^<\?xml/);
      assert.match(svg, new RegExp(`<svg [^>]*width="${small.width}" height="${small.height}"`));
      const texts = [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]);
      // Per cell (issue 20): the one cell is named after its file, in mAh/g as it records its mass.
      for (const label of [
        'Cycle (each cell’s own, continued across its files)',
        'Discharge capacity (mAh/g)',
        'Coulombic efficiency (%)',
        'nw4-120-6-1-36',
        'nw4-120-6-1-36 CE %',
      ])
        assert.ok(texts.includes(label), `the SVG says "${label}" (has: ${texts.join(' | ')})`);
      assert.ok((svg.match(/<polyline /g) ?? []).length >= 2, 'the series are drawn');
      // The same SVG opens as an image in the browser, at its size.
      const opened = await p.page.evaluate(async (text) => {
        const image = new Image();
        image.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(text)}`;
        await image.decode();
        return { width: image.naturalWidth, height: image.naturalHeight };
      }, svg);
      assert.deepEqual(opened, { width: small.width, height: small.height });

      const csv = readCsv((await download('csv')).bytes.toString('utf8'));
      const api = (await (await p.page.request.get(`/api/experiments/${experimentId}/cycles`)).json()) as {
        items: { cellCycle: number; dischargeCapacityAh: number }[];
      };
      assert.equal(csv.length, api.items.length);
      const column = Object.keys(csv[0]!).find((k) => k.startsWith('nw4-120-6-1-36 [') && !k.includes('CE'));
      assert.ok(column, `a column of the cell's capacity (has: ${Object.keys(csv[0]!).join(' | ')})`);
      csv.forEach((row, i) => {
        const cycleKey = Object.keys(row)[0]!;
        assert.equal(Number(row[cycleKey]), api.items[i]!.cellCycle);
        // mAh/g: Ah × 10⁶ ÷ 15 mg.
        const shown = Number(row[column]);
        const expected = (api.items[i]!.dischargeCapacityAh * 1e6) / 15;
        assert.ok(
          Math.abs(shown - expected) < 1e-9 * expected,
          `cycle ${row[cycleKey]}: ${shown} vs ${expected}`,
        );
      });
      assert.deepEqual(p.problems, []);
    });

    test('a shared plot URL restores unit, cycles and zoom; keys and Reset change the zoom and the URL', async () => {
      await p.page.goto(`/experiments/${experimentId}?unit=mahg&cycles=1,%203&zoom=2~4`);
      const plot = p.page.locator('#plot-capacity');
      await p.page.locator('#plot-capacity canvas').waitFor();
      assert.equal(await p.page.locator('#capacity-unit').inputValue(), 'mahg');
      assert.equal(await p.page.locator('#chosen-cycles').inputValue(), '1, 3');
      assert.equal(await plot.getAttribute('data-zoom'), '2~4');
      const zoomInUrl = () => new URL(p.page.url()).searchParams.get('zoom');
      assert.equal(zoomInUrl(), '2~4');
      await p.page.locator('#plot-capacity .uplot').focus();
      await p.page.keyboard.press('0');
      assert.equal(zoomInUrl(), null, 'everything shown: no zoom in the URL');
      await p.page.keyboard.press('+');
      assert.match(zoomInUrl() ?? '', /^[\d.]+~[\d.]+$/);
      await p.page.locator('#plot-capacity-reset').click();
      assert.equal(zoomInUrl(), null);
      await p.page.locator('#capacity-unit').selectOption('mah');
      assert.equal(new URL(p.page.url()).searchParams.get('unit'), 'mah');
      assert.deepEqual(p.problems, []);
    });
  });
}
