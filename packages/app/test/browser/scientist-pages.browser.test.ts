/**
 * What a person does, in real Chromium (Debian's, through playwright-core): sign in; search and
 * filter; create an experiment, upload a real cycler file and see its cycles and a drawn plot;
 * share with a colleague by name and see it from the colleague's session; ask for publication
 * and approve it as a Maintainer; a Read only user sees public data and no edit controls; a
 * private experiment of someone else is 404. Any console error or CSP violation fails the test.
 * One browser for the file; each person gets their own context (cookies).
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { DIALECTS } from '../../../../test-support/databases.ts';
import { syntheticDatasets } from '../../src/imports/demo-datasets.ts';
import { CYCLER_DATA, HAVE_CYCLER_DATA } from '../imports/support/cycler-files.ts';
import { launchBrowser, type OpenPage, openPage, screenshot, signInAs } from './support/browser.ts';
import { LAB, seedLab } from './support/lab.ts';
import { type Site, startSite } from './support/site.ts';

/** The real file the scientist uploads; without ../shared (never in CI) a synthetic run stands in. */
async function cyclerFile(dir: string): Promise<{ path: string; cycles: number }> {
  const real = path.join(CYCLER_DATA, 'neware/neware_uio.csv');
  if (HAVE_CYCLER_DATA && existsSync(real)) return { path: real, cycles: 4 };
  if (process.env.CI === 'true')
    throw new Error(`CI=true but the real cycler files are missing at ${CYCLER_DATA}`);
  const synthetic = syntheticDatasets()[0]!;
  const file = synthetic.files[0]!;
  const chunks: Buffer[] = [];
  for await (const chunk of file.open()) chunks.push(Buffer.from(chunk));
  const target = path.join(dir, file.name);
  writeFileSync(target, Buffer.concat(chunks));
  return { path: target, cycles: -1 };
}

for (const dialect of DIALECTS) {
  describe(`the scientists' pages in Chromium (${dialect})`, () => {
    let browser: Browser;
    let site: Site;
    const opened: OpenPage[] = [];
    const dir = mkdtempSync(path.join(tmpdir(), 'batterydb-browser-'));
    /** Screenshots once (SQLite run): the pages look the same on both dialects. */
    const shoot = (p: OpenPage, name: string) =>
      dialect === 'sqlite' ? screenshot(p.page, name) : Promise.resolve();
    const person = async (name: string, options: { width?: number; height?: number } = {}) => {
      const p = await openPage(browser, site.url, options);
      opened.push(p);
      await signInAs(p.page, name);
      return p;
    };
    let experimentId = 0;
    let lab = new Map<string, number>();

    before(async () => {
      site = await startSite(dialect);
      lab = await seedLab(site);
      browser = await launchBrowser();
    });
    after(async () => {
      try {
        for (const p of opened) await p.context.close().catch(() => undefined);
        await browser?.close();
      } finally {
        await site?.close();
        rmSync(dir, { recursive: true, force: true });
      }
      for (const p of opened)
        assert.deepEqual(p.problems, [], 'no console error or CSP violation on any page');
    });

    test('sign in: a wrong password is refused in words, the right one lands on the experiments', async () => {
      const p = await openPage(browser, site.url);
      opened.push(p);
      await p.page.goto('/experiments');
      assert.match(p.page.url(), /\/sign-in\?next=%2Fexperiments$/);
      await shoot(p, 'sign-in');
      await p.page.getByLabel('Username').fill('carla');
      await p.page.getByLabel('Password').fill('not-her-password');
      await p.page.getByRole('button', { name: 'Sign in' }).click();
      await p.page.getByText('The username or password is incorrect.').waitFor();
      // Chromium logs the 401 answer of the form post as a failed resource: that is the page working.
      p.problems.splice(0);
      await p.page.getByLabel('Password').fill('carla-password-1');
      await p.page.getByRole('button', { name: 'Sign in' }).click();
      await p.page.waitForURL('**/experiments');
      await p.page.getByRole('heading', { name: 'Experiments' }).waitFor();
    });

    test('create an experiment, upload a real cycler file, see its cycles and a drawn plot', async () => {
      const p = await person('carla');
      const { page } = p;
      await page.getByRole('link', { name: 'New experiment' }).first().click();
      await page.getByLabel('Title').fill('Coin half-cell');
      await page.getByLabel('Active mass (mg)').fill('a lot');
      await page.getByRole('button', { name: 'Create experiment' }).click();
      await page.getByText('Active mass (mg) must be a number').waitFor();
      p.problems.splice(0); // the 400 answer of the refused form, logged by Chromium as a failed resource
      assert.equal(await page.getByLabel('Active mass (mg)').inputValue(), 'a lot', 'what was typed stays');
      await shoot(p, 'experiment-form-errors');
      await page.getByLabel('Title').fill('Coin half-cell, neware run');
      await page.getByLabel('Chemistry').fill('LFP');
      await page.getByLabel('Active mass (mg)').fill('12.5');
      await page.getByLabel('Tags').fill('coin, browser-test');
      await page.getByRole('button', { name: 'Create experiment' }).click();
      await page.waitForURL(/\/experiments\/\d+$/);
      experimentId = Number(new URL(page.url()).pathname.split('/').pop());
      await page.getByText('Experiment created.').waitFor();

      const file = await cyclerFile(dir);
      await page.locator('#upload[data-ready="yes"]').waitFor({ state: 'attached' });
      await page.setInputFiles('#upload-input', file.path);
      // The page reloads itself once every file is stored.
      await page.waitForSelector('#plot-capacity canvas', { timeout: 60_000 });
      await page.getByRole('heading', { name: 'Cycles', exact: true }).waitFor();
      const rows = await page.locator('section[aria-labelledby="cycles-heading"] tbody tr').count();
      if (file.cycles > 0) assert.equal(rows, file.cycles);
      else assert.ok(rows > 0);
      assert.match(
        await page.locator('section[aria-labelledby="files-heading"] tbody').innerText(),
        /neware|synthetic/,
      );
      assert.match(await page.locator('#plot-capacity-status').innerText(), /1 cell; capacity in mAh\/g\./);
      assert.ok((await page.locator('#plot-capacity .uplot').count()) === 1, 'uPlot drew the capacity plot');
      await page.waitForSelector('#plot-voltage canvas');
      await page.waitForSelector('#plot-time canvas');
      await page.locator('#capacity-unit').selectOption('mahg');
      await page.waitForSelector('#plot-capacity canvas');
      await page.getByText('capacity in mAh/g').waitFor();
      await page.locator('#capacity-unit').selectOption('mah');
      await page.getByText('capacity in mAh').waitFor();

      // Over the limit: refused before a byte is sent (the page's limit lowered to the file's size - 1).
      await page.evaluate(
        (limit) => {
          document.getElementById('upload')!.dataset.maxBytes = String(limit);
        },
        statSync(file.path).size - 1,
      );
      let posted = false;
      page.on('request', (request) => {
        if (request.method() === 'POST' && request.url().includes('/files')) posted = true;
      });
      await page.setInputFiles('#upload-input', file.path);
      await page.getByText(/Too large: .* Nothing was sent\./).waitFor();
      assert.equal(posted, false, 'nothing was sent');
    });

    test('search and filter the list', async () => {
      const p = await person('carla');
      const { page } = p;
      await page.goto('/experiments');
      await page.getByLabel('Search', { exact: true }).fill('neware');
      await page.getByText('More filters').click();
      await page.getByLabel('Chemistry').fill('LFP');
      await page.getByRole('button', { name: 'Search' }).click();
      await page.waitForURL(/q=neware/);
      const titles = await page.locator('td.title-cell > a').allInnerTexts();
      assert.deepEqual(titles, ['Coin half-cell, neware run']);
      assert.match(await page.getByRole('status').first().innerText(), /1 experiment/);
      assert.match(await page.getByText('More filters').innerText(), /1 in use/, 'kept open while in use');
      await page.getByLabel('Chemistry').fill('NMC811');
      await page.getByRole('button', { name: 'Search' }).click();
      await page.getByText('No experiment matches').waitFor();
      await page.goto('/experiments');
      // Hers, the public ones, and the one Colin shared with her; what she may do on each row.
      const rows = await page.locator('tbody tr').allInnerTexts();
      const row = (title: string) => rows.find((r) => r.includes(title)) ?? '';
      assert.match(row('Coin cell with fade'), /You may view, edit and delete/);
      // The actions with a page are links to it, named for their row.
      await page.getByRole('link', { name: 'Edit Coin cell with fade — 14 cycles' }).waitFor();
      assert.match(row('Commercial cell 009'), /colin/);
      assert.doesNotMatch(row('Commercial cell 009'), /edit/, 'shared for viewing only');
      assert.doesNotMatch(row('SIMBA Na-ion'), /edit/, 'someone else’s public experiment');
      await shoot(p, 'experiments');
    });

    test('an experiment with real data: its plots are drawn from the server’s curves', async () => {
      const p = await person('carla');
      const { page } = p;
      await page.goto(`/experiments/${lab.get('Coin cell with fade — 14 cycles')}`);
      await page.waitForSelector('#plot-capacity canvas');
      await page.waitForSelector('#plot-voltage canvas');
      await page.waitForSelector('#plot-dqdv canvas');
      await page.locator('#plot-dqdv-legend li').first().waitFor();
      assert.deepEqual(await page.locator('#plot-voltage-legend li').allInnerTexts(), [
        'custom_data_002 cycle 1',
        'custom_data_002 cycle 8',
        'custom_data_002 cycle 14',
        'solid: charge, dashed: discharge',
      ]);
      // One width says it once ("4 mV bins"), never "4–4 mV".
      const bins = /From every sample, in ([\d.]+)(?:–([\d.]+))? mV bins/.exec(
        await page.locator('#plot-dqdv-status').innerText(),
      );
      assert.ok(bins && bins[1] !== bins[2], String(bins?.[0]));
      assert.match(await page.locator('#plot-capacity-status').innerText(), /1 cell; capacity in mAh\./);
      // Zoom on current/voltage vs time: the window's samples are fetched again, finer.
      const overview = await page.locator('#plot-time-status').innerText();
      assert.match(overview, /of 16,538 samples shown \(downsampled on the server\)/);
      const windowAsked = page.waitForRequest((r) => /\/timeseries\?.*seqFrom=\d+&seqTo=\d+/.test(r.url()));
      // The cells table sits above the plots: bring the plot into view before dragging on it.
      await page.locator('#plot-time').scrollIntoViewIfNeeded();
      const over = (await page.locator('#plot-time .u-over').boundingBox())!;
      await page.mouse.move(over.x + over.width * 0.3, over.y + over.height / 2);
      await page.mouse.down();
      await page.mouse.move(over.x + over.width * 0.45, over.y + over.height / 2, { steps: 5 });
      await page.mouse.up();
      await windowAsked;
      await page.locator('#plot-time-status', { hasText: 'Double-click to zoom out.' }).waitFor();
      const zoomed = /([\d,]+) (?:of ([\d,]+) )?samples/.exec(
        await page.locator('#plot-time-status').innerText(),
      );
      const inWindow = Number((zoomed?.[2] ?? zoomed?.[1] ?? '').replaceAll(',', ''));
      assert.ok(inWindow > 0 && inWindow < 16_538, `the window holds part of the file: ${zoomed?.[0]}`);
      await page.locator('#plot-time .u-over').dblclick();
      assert.equal(await page.locator('#plot-time-status').innerText(), overview, 'zoomed out again');

      await page.getByLabel('Cycles for voltage and dQ/dV').fill('2, 3');
      await page.getByRole('button', { name: 'Show' }).click();
      await page.locator('#plot-voltage-legend li', { hasText: 'cycle 3' }).waitFor();
      await page.getByLabel('Cycles for voltage and dQ/dV').fill('1, 8, 14');
      await page.getByRole('button', { name: 'Show' }).click();
      await page.locator('#plot-voltage-legend li', { hasText: 'cycle 14' }).waitFor();
      await shoot(p, 'experiment');
    });

    test('share with a colleague by name; the colleague sees it, then loses it when revoked', async () => {
      const colin = await person('colin');
      const hidden = await colin.page.goto(`/experiments/${experimentId}`);
      assert.equal(hidden?.status(), 404, 'private and not shared: not found');
      colin.problems.splice(0); // the 404 answer itself, logged as a failed resource

      const carla = await person('carla');
      const { page } = carla;
      await page.goto(`/experiments/${experimentId}`);
      await page.getByRole('link', { name: 'Share' }).click();
      await page.locator('#f-name[data-typeahead="on"]').waitFor();
      await page.getByLabel(/^Name/).pressSequentially('col');
      await page.locator('#name-options option').first().waitFor({ state: 'attached' });
      assert.deepEqual(
        await page
          .locator('#name-options option')
          .evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value)),
        ['colin'],
      );
      await page.getByLabel(/^Name/).fill('colin');
      await page.getByRole('button', { name: 'Next: choose permissions' }).click();
      await page.getByText('To colin (user)').waitFor();
      assert.deepEqual(
        await page
          .getByRole('checkbox')
          .evaluateAll((boxes) => boxes.map((b) => (b as HTMLInputElement).value)),
        ['batterydb.view_experiment', 'batterydb.change_experiment', 'batterydb.delete_experiment'],
        'only what she may give him is offered',
      );
      await page.getByLabel('Until (optional)').fill('2099-12-31');
      await page.getByRole('button', { name: 'Share', exact: true }).click();
      await page.getByText('Shared with colin.').waitFor();
      await page
        .getByRole('row', { name: /colin/ })
        .getByText(/shared until 2099-12-31/)
        .waitFor();
      // Herself: nothing to offer, and the page says why.
      await page.getByLabel(/^Name/).fill('carla');
      await page.getByRole('button', { name: 'Next: choose permissions' }).click();
      await page.getByText('you cannot give permissions to yourself').waitFor();
      assert.equal(await page.getByRole('checkbox').count(), 0);
      await page.getByRole('link', { name: 'choose someone else' }).click();
      await page.getByLabel(/^Name/).fill('reader');
      await page.getByRole('button', { name: 'Next: choose permissions' }).click();
      await page.getByText('To reader (user)').waitFor();
      await shoot(carla, 'share');

      const seen = await colin.page.goto(`/experiments/${experimentId}`);
      assert.equal(seen?.status(), 200);
      await colin.page.getByRole('heading', { name: 'Coin half-cell, neware run' }).waitFor();
      assert.equal(
        await colin.page.getByRole('link', { name: 'Edit' }).count(),
        0,
        'view only: no edit control',
      );

      await page.getByRole('button', { name: /Revoke View from colin/ }).click();
      await page.getByText('Revoked from colin.').waitFor();
      const gone = await colin.page.goto(`/experiments/${experimentId}`);
      assert.equal(gone?.status(), 404);
      colin.problems.splice(0);
    });

    test('ask for publication; a Maintainer approves it; the owner sees the outcome', async () => {
      const carla = await person('carla');
      await carla.page.goto(`/experiments/${experimentId}`);
      await carla.page
        .getByLabel('Ask a Maintainer to publish it')
        .fill('Four cycles at ±1 mA, ready to share.');
      await carla.page.getByRole('button', { name: 'Ask for publication' }).click();
      await carla.page.getByText('Publication requested.').waitFor();

      const maya = await person('maya');
      await maya.page.getByRole('link', { name: 'Publication requests' }).click();
      await maya.page.getByText('Four cycles at ±1 mA, ready to share.').waitFor();
      await shoot(maya, 'publication-requests');
      await maya.page.getByLabel(/Note to carla/).fill('Thanks, published.');
      await maya.page.getByRole('button', { name: 'Approve and publish' }).click();
      await maya.page.getByText(/is public now/).waitFor();

      await carla.page.reload();
      await carla.page.getByText('Approved by maya').waitFor();
      assert.equal(await carla.page.locator('.page-head .badge').innerText(), 'public');
      assert.equal(await carla.page.getByRole('link', { name: 'Edit' }).count(), 0, 'public data is curated');
    });

    test('a Read only user sees public data and no edit controls; compares two experiments', async () => {
      const other = await site.authz.createUser({ username: 'secretive', password: 'secretive-password-1' });
      await site.authz.addMember((await site.authz.findGroupByName('Contributor'))!.id, other.id);
      const [{ createExperiments }] = await Promise.all([
        import('../../src/experiments/create-experiments.ts'),
      ]);
      const [secret] = await createExperiments(site.authz, other.id, [
        { title: 'Unpublished zinc-air cell' },
      ]);

      const reader = await person('reader', { width: 390, height: 844 });
      const { page } = reader;
      await page.goto('/experiments');
      const titles = await page.locator('td.title-cell > a').allInnerTexts();
      const published = [
        ...LAB.filter((e) => e.public).map((e) => e.fields.title),
        'Coin half-cell, neware run',
      ];
      assert.deepEqual(titles.sort(), published.sort(), 'only public experiments');
      assert.equal(await page.getByRole('link', { name: 'New experiment' }).count(), 0);
      assert.equal(
        await page.evaluate(() => document.documentElement.scrollWidth),
        390,
        'the list fits a phone: nothing wider than the screen',
      );
      await page.getByRole('link', { name: 'Graphite vs Li half-cell at 50 µA, 50 mV–1 V' }).click();
      await page.waitForSelector('#plot-capacity canvas');
      await page.waitForSelector('#plot-dqdv canvas');
      for (const control of ['Edit', 'Share', 'Delete…'])
        assert.equal(await page.getByRole('link', { name: control }).count(), 0, control);
      assert.equal(await page.getByRole('button', { name: /Publish|Unpublish/ }).count(), 0);
      assert.equal(await page.locator('#upload').count(), 0, 'no upload');
      await shoot(reader, 'experiment-phone');

      const missing = await page.goto(`/experiments/${Number(secret!.id)}`);
      assert.equal(missing?.status(), 404);
      await page.getByRole('heading', { name: 'Not found' }).waitFor();
      assert.equal(await page.getByText('zinc').count(), 0, 'nothing about it is shown');
      reader.problems.splice(0); // the 404 answer itself

      const wide = await person('maya');
      await wide.page.goto('/experiments');
      for (const title of [
        'Coin half-cell, neware run',
        'Neware BTS 8 cell — 20 cycles',
        'Coin cell with fade — 14 cycles',
        'Unpublished zinc-air cell',
      ])
        await wide.page.getByRole('checkbox', { name: `Compare ${title}` }).check();
      await wide.page.getByRole('button', { name: 'Compare selected' }).click();
      await wide.page.waitForSelector('#plot-compare canvas');
      assert.equal(await wide.page.locator('#plot-compare-status').innerText(), '3 cells of 3 experiments.');
      assert.match(
        await wide.page.locator('.lead').innerText(),
        /no cycles yet in Unpublished zinc-air cell/,
        'the one without data is listed (the compare screenshot: compare-cells.browser.test.ts)',
      );
      await wide.page.goto('/api-docs');
      await wide.page.getByRole('heading', { name: 'experiments', exact: true }).waitFor();
      await shoot(wide, 'api-docs');
    });
  });
}
