/**
 * Searching experiments by their cells (issue 20, part 5): active mass, C-rates, voltage window
 * and cell temperature, on the API and the list page alike (one query filter). An experiment
 * matches when one of its cells is in every range given; invisible experiments never show,
 * whatever the filter; errors name the field and its label; every row counts its cells.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DIALECTS } from '../../../../test-support/databases.ts';
import { createCell } from '../../src/cells/change-cells.ts';
import { type PageWorld, pageWorld } from '../web/support/page-world.ts';

type Page = { items: { id: number; title: string; cellCount: number }[]; total: number | null };

for (const dialect of DIALECTS) {
  describe(`experiment list by cell fields (${dialect})`, () => {
    let w: PageWorld;
    const ids: Record<string, number> = {};
    before(async () => {
      w = await pageWorld(dialect);
      const cell = (experimentId: number, label: string, fields: Record<string, unknown>) =>
        createCell(w.s.db, experimentId, { label, ...fields }, Date.now());
      // "slow": one cell at C/10, 2.5–4.2 V, 25 °C, 10 mg; one fast cell at 2 C, 45 °C, 20 mg.
      ids.slow = await w.experiment('public', { title: 'cellsearch slow' });
      await cell(ids.slow, 'A', {
        activeMassMg: 10,
        chargeCRate: 0.1,
        dischargeCRate: 0.1,
        voltageMinV: 2.5,
        voltageMaxV: 4.2,
        temperatureC: 25,
      });
      await cell(ids.slow, 'B', {
        activeMassMg: 20,
        chargeCRate: 2,
        dischargeCRate: 2,
        voltageMinV: 3,
        voltageMaxV: 4.4,
        temperatureC: 45,
      });
      ids.bare = await w.experiment('public', { title: 'cellsearch bare' });
      await cell(ids.bare, 'X', {});
      // Private: the reader must never find it, whatever it matches.
      ids.hidden = await w.experiment('private', { title: 'cellsearch hidden' });
      await cell(ids.hidden, 'H', { activeMassMg: 10, chargeCRate: 0.1, temperatureC: 25 });
    });
    after(() => w.s.close());

    const api = async (who: 'reader' | 'owner', query: string) => {
      const response = await w.browsers[who].request({
        method: 'GET',
        url: `/api/experiments?q=cellsearch&${query}`,
      });
      assert.equal(response.statusCode, 200, response.body);
      return response.json<Page>();
    };
    const titles = (page: Page) => page.items.map((i) => i.title).sort();

    test('each row counts its cells', async () => {
      const page = await api('owner', '');
      const counts = Object.fromEntries(page.items.map((i) => [i.title, i.cellCount]));
      assert.deepEqual(counts, { 'cellsearch slow': 2, 'cellsearch bare': 1, 'cellsearch hidden': 1 });
    });

    test('one cell must satisfy every range: ranges do not mix cells', async () => {
      assert.deepEqual(titles(await api('reader', 'cellMassMin=9&cellMassMax=11')), ['cellsearch slow']);
      assert.deepEqual(titles(await api('reader', 'chargeRateMin=1')), ['cellsearch slow']);
      assert.deepEqual(
        titles(await api('reader', 'dischargeRateMax=0.2&cellTemperatureMin=20&cellTemperatureMax=30')),
        ['cellsearch slow'],
      );
      // 10 mg is cell A, 45 °C is cell B: no single cell is both.
      assert.deepEqual(titles(await api('reader', 'cellMassMax=11&cellTemperatureMin=40')), []);
      // Voltage window: the cell's cut-offs lie inside the window asked for.
      assert.deepEqual(titles(await api('reader', 'voltageMin=2.4&voltageMax=4.3')), ['cellsearch slow']);
      assert.deepEqual(titles(await api('reader', 'voltageMin=2.8&voltageMax=4.3')), []);
      // A cell with nothing recorded matches no range.
      assert.deepEqual(titles(await api('reader', 'cellMassMin=0')), ['cellsearch slow']);
    });

    test('filters never reveal an invisible experiment, nor count it', async () => {
      const reader = await api('reader', 'cellMassMax=11&chargeRateMax=0.2');
      assert.deepEqual(titles(reader), ['cellsearch slow']);
      assert.equal(reader.total, 1);
      const owner = await api('owner', 'cellMassMax=11&chargeRateMax=0.2');
      assert.deepEqual(titles(owner), ['cellsearch hidden', 'cellsearch slow']);
    });

    test('errors name the field and its label (API 400, page 400)', async () => {
      const upside = await w.browsers.reader.request({
        method: 'GET',
        url: '/api/experiments?chargeRateMin=2&chargeRateMax=1',
      });
      assert.equal(upside.statusCode, 400, upside.body);
      assert.match(upside.body, /chargeRateMin/);
      assert.match(upside.body, /Charge C-rate/);
      const notNumber = await w.browsers.reader.request({
        method: 'GET',
        url: '/api/experiments?cellMassMin=ten',
      });
      assert.equal(notNumber.statusCode, 400);
      assert.match(notNumber.body, /cellMassMin/);
      const page = await w.as('reader', 'GET', '/experiments?cellMassMin=ten');
      assert.equal(page.statusCode, 400);
      assert.match(page.body, /Cell active mass \(mg\) must be a number/);
      const pageUpside = await w.as('reader', 'GET', '/experiments?voltageMin=4&voltageMax=3');
      assert.equal(pageUpside.statusCode, 400);
      assert.match(pageUpside.body, /Voltage window \(V\): the minimum/);
    });

    test('the page filters the same way, keeps the values in the form and shows the cells count', async () => {
      const page = await w.as('reader', 'GET', '/experiments?q=cellsearch&cellMassMin=9&cellMassMax=11');
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /cellsearch slow/);
      assert.doesNotMatch(page.body, /cellsearch bare|cellsearch hidden/);
      assert.match(page.body, /name="cellMassMin"[^>]*value="9"|value="9"[^>]*name="cellMassMin"/);
      assert.match(page.body, /data-label="Cells">2</);
      const hidden = await w.as('reader', 'GET', '/experiments?q=cellsearch&chargeRateMax=0.2');
      assert.doesNotMatch(hidden.body, /cellsearch hidden/);
    });
  });
}
