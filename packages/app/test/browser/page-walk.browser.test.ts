/**
 * Every page and state, as each role sees it, on a laptop (1366×768) and a phone (390×844), in
 * real Chromium (issue 24, "Done when"): no sideways scrolling and no WCAG 2.1 A/AA violation
 * that axe-core finds. The lab of the other browser tests (real cycler files), a pending
 * publication request and a pending correction request make the pages show what they show in
 * use; refused forms, empty lists, 403 and 404 pages are states of their own. One browser for
 * the file; each person gets a context; each page is checked at both sizes in place.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { DIALECTS } from '../../../../test-support/databases.ts';
import { requestCorrection } from '../../src/publication/request-correction.ts';
import { requestPublication } from '../../src/publication/request-publication.ts';
import { launchBrowser, type OpenPage, openPage, signInAs } from './support/browser.ts';
import { seedLab } from './support/lab.ts';
import { checkOnScreens, pageProblems, SCREENS } from './support/page-checks.ts';
import { passwordOf, type Site, startSite } from './support/site.ts';

for (const dialect of DIALECTS) {
  describe(`every page fits a phone and passes axe (${dialect})`, () => {
    let browser: Browser;
    let site: Site;
    const opened: OpenPage[] = [];
    let lab = new Map<string, number>();
    const id = (title: string) => lab.get(title)!;

    const person = async (name: string | null) => {
      const p = await openPage(browser, site.url, { width: 1366, height: 768 });
      opened.push(p);
      if (name) await signInAs(p.page, name);
      return p;
    };
    /**
     * Visits each URL on both screens (loaded afresh at each size, as a phone would load it) or
     * runs each step once and checks the state it reaches at both sizes in place; returns the
     * problems of every page reached.
     */
    const walk = async (p: OpenPage, steps: (string | [string, () => Promise<void>])[]) => {
      const problems: string[] = [];
      for (const step of steps) {
        if (typeof step === 'string')
          for (const screen of SCREENS) {
            await p.page.setViewportSize({ width: screen.width, height: screen.height });
            await p.page.goto(step);
            problems.push(...(await pageProblems(p.page, `${step} (${screen.name})`)));
          }
        else {
          await p.page.setViewportSize({ width: SCREENS[0].width, height: SCREENS[0].height });
          await step[1]();
          problems.push(...(await checkOnScreens(p.page, step[0])));
        }
        // A 403/404/400 page is the page working: Chromium logs its status as a failed resource.
        p.problems.splice(0);
      }
      return problems;
    };

    before(async () => {
      site = await startSite(dialect);
      lab = await seedLab(site);
      await site.authz.createUser({
        username: 'root',
        password: passwordOf('root'),
        isStaff: true,
        isSuperuser: true,
      });
      const subject = async (name: 'carla' | 'colin') => (await site.authz.loadSubject(site.ids[name]))!;
      await requestPublication(
        site.authz,
        site.db,
        await subject('carla'),
        id('Coin cell with fade — 14 cycles'),
        'Fourteen cycles with a clear fade; ready for the group.',
      );
      await requestCorrection(
        site.authz,
        site.db,
        await subject('colin'),
        id('SIMBA Na-ion capacity test'),
        'The chemistry is Na-ion NFM/hard carbon; please add the materials.',
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
    });

    test('signed out: sign-in, a refused sign-in', async () => {
      const p = await person(null);
      const problems = await walk(p, [
        '/sign-in',
        [
          'sign-in refused',
          async () => {
            await p.page.getByLabel('Username').fill('carla');
            await p.page.getByLabel('Password').fill('wrong-password');
            await p.page.getByRole('button', { name: 'Sign in' }).click();
            await p.page.getByText('The username or password is incorrect.').waitFor();
          },
        ],
      ]);
      assert.equal(
        await p.page.evaluate(() => document.activeElement?.getAttribute('name')),
        'username',
        'the username field has the focus',
      );
      assert.deepEqual(problems, []);
    });

    test('a Contributor: list, search, experiment pages, forms, share, compare, account, API docs', async () => {
      const p = await person('carla');
      const own = id('Coin cell with fade — 14 cycles');
      const ownPublic = id('Neware BTS 8 cell — 20 cycles');
      const shared = id('Commercial cell 009 — five cycles');
      const [empty] = await (
        await import('../../src/experiments/create-experiments.ts')
      ).createExperiments(site.authz, site.ids.carla, [
        {
          title: 'Planned cell',
          description: `Files under /mnt/cyclers/lab-b/arbin/2026/channel_11/${'long_unbroken_path_segment_'.repeat(4)}.res`,
        },
      ]);
      const problems = await walk(p, [
        '/experiments',
        '/experiments?q=neware&sort=title',
        '/experiments?q=nothing-matches-this',
        '/experiments?temperatureMin=warm&startFrom=soon',
        '/experiments?limit=10&utm_source=mail',
        `/experiments/${own}`,
        `/experiments/${ownPublic}`,
        `/experiments/${shared}`,
        `/experiments/${Number(empty!.id)}`,
        `/experiments/${own}/edit`,
        [
          'experiment form refused',
          async () => {
            await p.page.goto('/experiments/new');
            await p.page.getByLabel('Title').fill(' ');
            await p.page.getByLabel('Active mass (mg)').fill('a lot');
            await p.page.getByLabel('Temperature (°C)').fill('hot');
            await p.page.locator('form.panel').evaluate((f) => ((f as HTMLFormElement).noValidate = true));
            await p.page.getByRole('button', { name: 'Create experiment' }).click();
            await p.page.getByText('Please correct the 3 fields marked below.').waitFor();
          },
        ],
        `/experiments/${own}/share`,
        `/experiments/${own}/share?kind=user&name=colin`,
        `/experiments/${own}/share?kind=user&name=col`,
        `/experiments/${own}/delete`,
        `/compare?id=${own}&id=${ownPublic}`,
        '/account',
        '/api-docs',
        `/experiments/${own}/status?to=public`,
        '/experiments/999999',
      ]);
      assert.deepEqual(problems, []);
    });

    test('a Maintainer: the review queue, publish confirmation, a public experiment', async () => {
      const p = await person('maya');
      const problems = await walk(p, [
        '/publication-requests',
        '/publication-requests?status=approved',
        `/experiments/${id('Coin cell with fade — 14 cycles')}/status?to=public`,
        `/experiments/${id('SIMBA Na-ion capacity test')}/status?to=private`,
        `/experiments/${id('SIMBA Na-ion capacity test')}`,
      ]);
      assert.deepEqual(problems, []);
    });

    test('a Read only user on the list and a public experiment', async () => {
      const p = await person('reader');
      const problems = await walk(p, [
        '/experiments',
        `/experiments/${id('Graphite vs Li half-cell at 50 µA, 50 mV–1 V')}`,
        '/admin',
      ]);
      assert.deepEqual(problems, []);
    });

    test('a superuser: every admin page', async () => {
      const p = await person('root');
      const experiment = id('Commercial cell 009 — five cycles');
      const contributor = (await site.authz.findGroupByName('Contributor'))!.id;
      const problems = await walk(p, [
        '/admin',
        '/admin/users',
        '/admin/users?q=c&staff=no',
        '/admin/users/new',
        `/admin/users/${site.ids.carla}`,
        `/admin/users/${site.ids.carla}/access`,
        '/admin/groups',
        `/admin/groups/${contributor}`,
        `/admin/experiments/${experiment}/permissions`,
        '/admin/audit',
        '/admin/audit?action=publication.request',
      ]);
      assert.deepEqual(problems, []);
    });
  });
}
