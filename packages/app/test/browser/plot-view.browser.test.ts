/**
 * The plots' view in real Chromium (issue 21, part 4): many cycles of one cell coloured by cycle
 * number with a colour bar (on the page and in the SVG/PNG), few kept in distinct colours; legend
 * entries are buttons that hide and show their series (mouse and keyboard), kept in the URL, and
 * the exports leave hidden series out; asking for cycles that do not exist or more than are drawn
 * says so; every plot's zoom lives in the URL, restored on load, cleared by Reset, and a value
 * the page cannot use is ignored. The cell is one Arbin .res (18 cycles) uploaded twice, so it
 * has 36 cycles. Any console error or CSP violation fails the test.
 */
import assert from 'node:assert/strict';
import { createReadStream, mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import type { Browser, Locator } from 'playwright-core';
import { DIALECTS } from '../../../../test-support/databases.ts';
import { findCells } from '../../src/cells/find-cells.ts';
import { createExperiments } from '../../src/experiments/create-experiments.ts';
import { runImport } from '../../src/imports/run-import.ts';
import { fixture } from '../support/fixture-cyclers.ts';
import { readCsv } from '../support/read-exports.ts';
import { clickDownload } from './support/downloads.ts';
import { launchBrowser, type OpenPage, openPage, signInAs } from './support/browser.ts';
import { type Site, startSite } from './support/site.ts';

const RES = 'arbin/20160805_test001_45_cc_01.res';
/** viridis at 0: the first cycle's colour on the map. */
const FIRST = '#440154';

/** Pictures for the docs (SCREENSHOTS=1 only): an element, or an exported figure's bytes. */
function shoot(name: string, what: Locator | Buffer): Promise<unknown> | undefined {
  if (process.env.SCREENSHOTS !== '1') return;
  const dir = fileURLToPath(new URL('../../../../docs/screenshots/', import.meta.url));
  mkdirSync(dir, { recursive: true });
  if (Buffer.isBuffer(what)) return void writeFileSync(`${dir}${name}.png`, what);
  return what.screenshot({ path: `${dir}${name}.png` });
}

for (const dialect of DIALECTS) {
  describe(`plot view in Chromium (${dialect})`, () => {
    let browser: Browser;
    let site: Site;
    let p: OpenPage;
    let experimentId = 0;
    let cellId = 0;

    before(async () => {
      site = await startSite(dialect);
      const [row] = await createExperiments(site.authz, site.ids.carla, [{ title: 'Arbin, two runs' }]);
      experimentId = Number(row!.id);
      for (const run of [1, 2]) {
        const result = await runImport(site.connection, {
          experimentId,
          userId: site.ids.carla,
          fileName: `run-${run}.res`,
          input: createReadStream(fixture(RES)) as AsyncIterable<Buffer>,
          maxBytes: Number.MAX_SAFE_INTEGER,
          ...(cellId ? { cellId, allowDuplicate: true } : {}),
        });
        assert.ok(result.ok, JSON.stringify(result));
        cellId ||= (await findCells(site.connection.db, experimentId))[0]!.id;
      }
      assert.equal((await findCells(site.connection.db, experimentId)).length, 1, 'one cell, two files');
      browser = await launchBrowser();
      p = await openPage(browser, site.url);
      await signInAs(p.page, 'carla');
    });
    after(async () => {
      await p?.context.close();
      await browser?.close();
      await site?.close();
    });

    const open = async (query: string) => {
      await p.page.goto(`/experiments/${experimentId}${query}`);
      await p.page.locator('#plot-capacity canvas').waitFor();
    };
    const curvesDrawn = () => p.page.locator('#plot-voltage[data-series]').waitFor();
    const param = (name: string) => new URL(p.page.url()).searchParams.get(name);
    const legendOf = (plot: string) =>
      p.page.locator(`#${plot}-legend button.legend-entry`).evaluateAll((buttons) =>
        buttons.map((b) => ({
          key: (b as HTMLElement).dataset.key ?? '',
          colour: (b as HTMLElement).dataset.colour ?? '',
          pressed: b.getAttribute('aria-pressed'),
          text: b.textContent ?? '',
        })),
      );
    const download = async (plot: string, kind: string) =>
      (await clickDownload(p.page, p.page.locator(`#${plot}-export button[data-export="${kind}"]`))).bytes;
    /** Colours of the series lines in an exported SVG (series are the clipped polylines). */
    const seriesColours = (svg: string) =>
      new Set([...svg.matchAll(/<polyline [^>]*stroke="([^"]+)"[^>]*clip-path/g)].map((m) => m[1]));

    test('more than six cycles: coloured by cycle number with a colour bar, on the page and in the SVG', async () => {
      await open('?cycles=1-10');
      await curvesDrawn();
      const plot = p.page.locator('#plot-voltage');
      assert.equal(await plot.getAttribute('data-colour-map'), 'cycle');
      const bar = p.page.locator('#plot-voltage-colour-bar');
      assert.equal(await bar.getAttribute('data-min'), '1');
      assert.equal(await bar.getAttribute('data-max'), '10');
      assert.match((await bar.textContent()) ?? '', /^Cycle\s*1\s*10$/);
      assert.ok(await p.page.locator('#plot-dqdv-colour-bar').isVisible(), 'dQ/dV has its bar too');
      const entries = await legendOf('plot-voltage');
      assert.equal(entries.length, 10);
      assert.equal(new Set(entries.map((e) => e.colour)).size, 10, 'a colour per cycle');
      assert.equal(entries[0]!.colour, FIRST, 'cycle 1 at the dark end of the map');
      // A charge and a discharge per cycle (cycle 1 of this file charges twice).
      const curves = readCsv((await download('plot-voltage', 'csv')).toString('utf8'));
      const named = new Set(curves.map((r) => r.series));
      assert.ok(named.size >= 20);
      assert.equal(Number(await plot.getAttribute('data-series')), named.size);

      const svg = (await download('plot-voltage', 'svg')).toString('utf8');
      const texts = [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]);
      for (const text of ['Cycle', '1', '10', 'solid: charge, dashed: discharge', 'Voltage (V)'])
        assert.ok(texts.includes(text), `the SVG says "${text}" (has: ${texts.join(' | ')})`);
      assert.ok(
        (svg.match(/<rect [^>]*fill="#[0-9a-f]{6}"/g) ?? []).length >= 40,
        'the colour bar’s ramp is drawn',
      );
      assert.deepEqual(
        seriesColours(svg),
        new Set(entries.map((e) => e.colour)),
        'lines in the legend’s colours',
      );
      const png = await download('plot-voltage', 'png');
      assert.equal(png.subarray(1, 4).toString('latin1'), 'PNG');
      await shoot('plot-cycles-colour-map', p.page.locator('.plot-grid').nth(1));
      await shoot('plot-cycles-colour-map-export', png);

      await open('?cycles=1,2,3');
      await curvesDrawn();
      assert.equal(await plot.getAttribute('data-colour-map'), 'categorical');
      assert.equal(await p.page.locator('#plot-voltage-colour-bar').count(), 0, 'no bar for three cycles');
      const few = await legendOf('plot-voltage');
      assert.equal(new Set(few.map((e) => e.colour)).size, 3);
      assert.ok(!few.some((e) => e.colour === FIRST), 'distinct categorical colours, not the map');
      assert.deepEqual(p.problems, []);
    });

    test('a legend entry hides and shows its series (click and keyboard), in the URL and the exports', async () => {
      await open('?cycles=1-8');
      await curvesDrawn();
      const third = p.page.locator(`#plot-voltage-legend button[data-key="${cellId}.3"]`);
      const colour = await third.getAttribute('data-colour');
      assert.equal(await third.getAttribute('aria-pressed'), 'true');
      await third.click();
      assert.equal(await third.getAttribute('aria-pressed'), 'false');
      assert.equal(param('hide-voltage'), `${cellId}.3`);
      const svg = (await download('plot-voltage', 'svg')).toString('utf8');
      const drawn = seriesColours(svg);
      assert.equal(drawn.size, 7, 'seven cycles drawn');
      assert.ok(!drawn.has(colour ?? ''), 'the hidden cycle is not in the SVG');
      const csv = readCsv((await download('plot-voltage', 'csv')).toString('utf8'));
      const series = new Set(csv.map((r) => r.series));
      assert.ok(![...series].some((s) => / cycle 3 /.test(s ?? '')), 'nor in the CSV');
      assert.ok([...series].some((s) => / cycle 4 /.test(s ?? '')));

      // The hidden cycle comes back hidden from the URL; Space on the focused entry shows it.
      await p.page.reload();
      await curvesDrawn();
      assert.equal(await third.getAttribute('aria-pressed'), 'false');
      await third.focus();
      await p.page.keyboard.press('Space');
      assert.equal(await third.getAttribute('aria-pressed'), 'true');
      assert.equal(param('hide-voltage'), null);

      // The capacity plot: its one cell hidden from the URL, and not in its SVG.
      await open(`?hide=${cellId}`);
      const entry = p.page.locator(`#plot-capacity-legend button[data-key="${cellId}"]`);
      assert.equal(await entry.getAttribute('aria-pressed'), 'false');
      const label = (await entry.textContent()) ?? '';
      const capacity = (await download('plot-capacity', 'svg')).toString('utf8');
      assert.equal(seriesColours(capacity).size, 0, 'no series drawn');
      assert.ok(!capacity.includes(`>${label}<`), 'the hidden cell is not in the legend');
      // The time plot's legend too: current hidden.
      await p.page.locator('#plot-time-legend button[data-key="current"]').click();
      assert.equal(param('hide-time'), 'current');
      assert.deepEqual(p.problems, []);
    });

    test('asking for more cycles than are drawn, or cycles that do not exist, says so', async () => {
      const note = p.page.locator('#chosen-cycles-note');
      await open('?cycles=1-100');
      await curvesDrawn();
      assert.equal(
        await note.textContent(),
        'Showing 20 of 100 requested cycles (cycles 1–20); 64 of them do not exist (the chosen cells have cycles 1–36); at most 20 are drawn at once: narrow the range to see others.',
      );
      assert.equal((await legendOf('plot-voltage')).length, 20);
      await open('?cycles=30-40');
      await curvesDrawn();
      assert.equal(
        await note.textContent(),
        'Showing 7 of 11 requested cycles (cycles 30–36); 4 of them do not exist (the chosen cells have cycles 1–36).',
      );
      await p.page.locator('#chosen-cycles').fill('2, 4');
      await p.page.getByRole('button', { name: 'Show', exact: true }).click();
      await p.page.waitForFunction(
        () => document.querySelectorAll('#plot-voltage-legend button').length === 2,
      );
      assert.equal(await note.textContent(), '', 'nothing left out, nothing said');
      assert.equal(param('cycles'), '2, 4');
      await open('?cycles=500');
      await p.page.locator('#plot-voltage-status', { hasText: 'None of the chosen cells' }).waitFor();
      assert.match(
        (await note.textContent()) ?? '',
        /^Showing 0 of 1 requested cycle; it does not exist \(the chosen cells have cycles 1–36\)\.$/,
      );
      assert.deepEqual(p.problems, []);
    });

    test('every plot’s zoom restored from the URL; Reset clears it; values it cannot use are ignored', async () => {
      await open('?cycles=1,2&zoom=5~20&zoom-voltage=0.0001~0.0005&zoom-dqdv=0.1~0.5&zoom-time=1~2');
      await curvesDrawn();
      await p.page.locator('#plot-dqdv[data-zoom]').waitFor();
      const zoomOf = (plot: string) => p.page.locator(`#${plot}`).getAttribute('data-zoom');
      assert.equal(await zoomOf('plot-capacity'), '5~20');
      assert.equal(await zoomOf('plot-dqdv'), '0.1~0.5');
      await p.page.waitForFunction(() => (document.getElementById('plot-time')?.dataset.zoom ?? '') !== '');
      assert.equal(await zoomOf('plot-time'), '1~2', 'the window’s samples fetched and shown');
      assert.match(
        (await p.page.locator('#plot-time-status').textContent()) ?? '',
        /Double-click to zoom out\./,
      );
      await p.page.locator('#plot-dqdv-reset').click();
      assert.equal(param('zoom-dqdv'), null);
      assert.equal(await zoomOf('plot-dqdv'), '');
      await p.page.locator('#plot-time-reset').click();
      await p.page.waitForFunction(() => document.getElementById('plot-time')?.dataset.zoom === '');
      assert.equal(param('zoom-time'), null);
      assert.equal(param('zoom'), '5~20', 'the other plots keep theirs');

      // Keys on the focused voltage plot zoom it and write the URL.
      await p.page.locator('#plot-voltage .uplot').focus();
      await p.page.keyboard.press('0');
      assert.equal(param('zoom-voltage'), null);
      await p.page.keyboard.press('+');
      assert.match(param('zoom-voltage') ?? '', /^[\d.e-]+~[\d.e-]+$/);

      await open(
        '?cycles=1,2&zoom=20~5&zoom-dqdv=abc&zoom-time=1~&zoom-voltage=1e9~2e9&hide-voltage=nonsense&shape=round',
      );
      await curvesDrawn();
      for (const plot of ['plot-capacity', 'plot-dqdv', 'plot-voltage', 'plot-time'])
        assert.ok(!(await zoomOf(plot)), `${plot} shows everything`);
      assert.equal(param('zoom-dqdv'), null, 'an unusable zoom leaves the URL');
      assert.deepEqual(
        (await legendOf('plot-voltage')).map((e) => e.pressed),
        ['true', 'true'],
      );
      assert.deepEqual(p.problems, []);
    });
  });
}
