/**
 * Open data (issue 26), on both dialects: publishing freezes version 1; a Maintainer releases it
 * openly with a licence; signed out, the catalogue, the landing page and its downloads work
 * (byte-exact originals, the frozen per-cycle table); a change after release is a draft that a
 * Maintainer publishes as version 2 while version 1's bytes and checksums stay; a withdrawn
 * version is a 410 tombstone; released rows refuse every UPDATE; and a walk of every route
 * signed out shows nothing of a private or merely public experiment.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { syntheticCyclerCsv } from '../../src/cycler/index.ts';
import { DIALECTS } from '../../../../test-support/databases.ts';
import { dataServer, type DataServer, upload } from '../imports/support/data-server.ts';

const csv = (cycles: number, seed: number) =>
  syntheticCyclerCsv({ cycles, pointsPerHalfCycle: 10, capacityAh: 1, fadePerCycle: 0.01, seed });
const sha256 = (bytes: Buffer | string) => createHash('sha256').update(bytes).digest('hex');

for (const dialect of DIALECTS) {
  describe(`open data: versions, open release, landing pages (${dialect})`, () => {
    let s: DataServer;
    const ids = { privateId: 0, publicId: 0, released: 0, withdrawn: 0 };
    const first = csv(3, 1);
    const second = csv(2, 2);
    let firstFile = 0;

    const anonymous = (url: string) => s.as('anonymous', { method: 'GET', url });
    const maintainer = (method: 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, payload?: object) =>
      s.as('maintainer', { method, url, ...(payload ? { payload } : {}) });
    const publish = async (id: number) =>
      assert.equal(
        (await maintainer('PUT', `/api/experiments/${id}/status`, { status: 'public' })).statusCode,
        200,
      );

    before(async () => {
      s = await dataServer(dialect);
      ids.privateId = await s.experiment({ title: 'walk private alpha', chemistry: 'LFP' });
      ids.publicId = await s.experiment({ title: 'walk public beta', chemistry: 'LFP' });
      ids.released = await s.experiment({
        title: 'walk released gamma',
        description: 'Graphite | LFP coin cells at 25 °C',
        chemistry: 'LFP',
        cathodeMaterial: 'LiFePO4',
      });
      ids.withdrawn = await s.experiment({ title: 'walk withdrawn delta', chemistry: 'LFP' });
      for (const id of Object.values(ids)) {
        const r = await upload(s, 'owner', id, 'formation.csv', first, { allowDuplicate: true });
        assert.equal(r.statusCode, 201, r.body);
        if (id === ids.released) firstFile = r.json<{ file: { id: number } }>().file.id;
      }
      for (const id of [ids.publicId, ids.released, ids.withdrawn]) await publish(id);
      for (const id of [ids.released, ids.withdrawn])
        assert.equal(
          (await maintainer('POST', `/api/experiments/${id}/release`, { licence: 'CC-BY-4.0' })).statusCode,
          204,
        );
      const gone = await maintainer('POST', `/api/experiments/${ids.withdrawn}/versions/1/withdraw`, {
        reason: 'calibration error in channel 3',
      });
      assert.equal(gone.statusCode, 204, gone.body);
    });
    after(() => s.close());

    test('publishing froze version 1 with the file and its SHA-256; releasing needs a Maintainer and a known licence', async () => {
      const versions = await s.as('owner', {
        method: 'GET',
        url: `/api/experiments/${ids.publicId}/versions`,
      });
      assert.equal(versions.statusCode, 200, versions.body);
      const body = versions.json<{
        openRelease: boolean;
        draft: boolean;
        versions: { n: number; files: { sha256: string; bytes: number }[] }[];
      }>();
      assert.equal(body.openRelease, false);
      assert.equal(body.draft, false);
      assert.deepEqual(
        body.versions.map((v) => v.n),
        [1],
      );
      assert.deepEqual(
        body.versions[0]!.files.map((f) => [f.sha256, f.bytes]),
        [[sha256(first), Buffer.byteLength(first)]],
      );
      // A Contributor sees the public experiment but may not release it; a bad licence names the field.
      assert.equal(
        (
          await s.as('contributor', {
            method: 'POST',
            url: `/api/experiments/${ids.publicId}/release`,
            payload: {},
          })
        ).statusCode,
        403,
      );
      const bad = await maintainer('POST', `/api/experiments/${ids.publicId}/release`, {
        licence: 'Not-A-Licence-1.0',
      });
      assert.equal(bad.statusCode, 400);
      assert.equal(bad.json<{ field: string }>().field, 'licence');
      // A private experiment cannot be released (publish it first): 409, and its owner's view of it is unchanged.
      assert.equal(
        (await maintainer('POST', `/api/experiments/${ids.privateId}/release`, {})).statusCode,
        409,
      );
      assert.equal((await anonymous(`/datasets/${ids.publicId}/v/1`)).statusCode, 404);
    });

    test('signed out: catalogue → landing page → downloads, byte-exact', async () => {
      const catalogue = await anonymous('/datasets?q=graphite');
      assert.equal(catalogue.statusCode, 200);
      assert.match(catalogue.body, /walk released gamma/);
      assert.doesNotMatch(catalogue.body, /alpha|beta|delta/);
      assert.doesNotMatch((await anonymous('/datasets?q=nothing-like-this')).body, /walk released gamma/);
      const latest = await anonymous(`/datasets/${ids.released}`);
      assert.equal(latest.statusCode, 302);
      assert.equal(latest.headers.location, `/datasets/${ids.released}/v/1`);
      const page = await anonymous(`/datasets/${ids.released}/v/1`);
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /walk released gamma/);
      assert.match(page.body, /Creative Commons Attribution 4.0 International/);
      assert.match(page.body, /href="https:\/\/spdx.org\/licenses\/CC-BY-4.0.html"/);
      assert.ok(page.body.includes(sha256(first)));
      assert.match(page.body, /Cite as/);
      const ld = /<script type="application\/ld\+json">(.*?)<\/script>/s.exec(page.body);
      assert.ok(ld, 'a JSON-LD block');
      const meta = JSON.parse(ld[1]!) as Record<string, unknown>;
      assert.equal(meta['@type'], 'Dataset');
      assert.equal(meta.name, 'walk released gamma');
      assert.equal(meta.version, '1');
      assert.equal(meta.license, 'https://spdx.org/licenses/CC-BY-4.0.html');
      const file = await anonymous(`/datasets/${ids.released}/v/1/files/1`);
      assert.equal(file.statusCode, 200);
      assert.equal(file.rawPayload.toString(), first);
      assert.equal(file.headers['x-checksum-sha256'], sha256(first));
      const cycles = await anonymous(`/datasets/${ids.released}/v/1/cycles.csv`);
      assert.equal(cycles.statusCode, 200);
      const rows = cycles.body.trim().split('\r\n');
      assert.equal(rows[0]!.split(',')[0], 'cell_label');
      assert.equal(rows.length, 1 + 3, 'one row per cycle of the file');
      // The table's figures are the cycler file's own (the same as the experiment's cycle API).
      const live = (
        await s.as('maintainer', { method: 'GET', url: `/api/experiments/${ids.released}/cycles` })
      ).json<{ items: { dischargeCapacityAh: number }[] }>().items;
      assert.deepEqual(
        rows.slice(1).map((r) => Number(r.split(',')[5])),
        live.map((c) => c.dischargeCapacityAh),
      );
      const sitemap = await anonymous('/sitemap.xml');
      assert.equal(sitemap.statusCode, 200);
      const locs = [...sitemap.body.matchAll(/<loc>(.*?)<\/loc>/g)].map((m) => m[1]!);
      assert.deepEqual(
        locs.map((l) => new URL(l).pathname),
        [`/datasets/${ids.released}/v/1`],
      );
    });

    test("a change after release is a draft; version 2 is published and version 1's bytes and checksums are unchanged", async () => {
      assert.equal((await maintainer('POST', `/api/experiments/${ids.released}/versions`)).statusCode, 409);
      assert.equal(
        (
          await maintainer('PATCH', `/api/experiments/${ids.released}`, {
            title: 'walk released gamma, corrected',
          })
        ).statusCode,
        200,
      );
      const added = await upload(s, 'maintainer', ids.released, 'cycling.csv', second);
      assert.equal(added.statusCode, 201, added.body);
      assert.equal(
        (await maintainer('DELETE', `/api/experiments/${ids.released}/files/${firstFile}`)).statusCode,
        204,
      );
      const status = (
        await s.as('maintainer', { method: 'GET', url: `/api/experiments/${ids.released}/versions` })
      ).json<{ draft: boolean }>();
      assert.equal(status.draft, true);
      assert.equal(
        (await s.as('contributor', { method: 'POST', url: `/api/experiments/${ids.released}/versions` }))
          .statusCode,
        403,
      );
      const published = await maintainer('POST', `/api/experiments/${ids.released}/versions`);
      assert.equal(published.statusCode, 201, published.body);
      assert.equal(published.json<{ n: number }>().n, 2);
      // Version 1: as released — its title, its file (deleted from the experiment since), its checksum.
      const v1 = await anonymous(`/datasets/${ids.released}/v/1`);
      assert.match(v1.body, /walk released gamma</);
      assert.ok(v1.body.includes(sha256(first)));
      const old = await anonymous(`/datasets/${ids.released}/v/1/files/1`);
      assert.equal(old.statusCode, 200);
      assert.equal(sha256(old.rawPayload), sha256(first));
      assert.equal(old.rawPayload.toString(), first);
      // Version 2: the change.
      const v2 = await anonymous(`/datasets/${ids.released}/v/2`);
      assert.match(v2.body, /walk released gamma, corrected/);
      assert.ok(v2.body.includes(sha256(second)));
      assert.ok(!v2.body.includes(sha256(first)));
      assert.equal(
        (await anonymous(`/datasets/${ids.released}`)).headers.location,
        `/datasets/${ids.released}/v/2`,
      );
      assert.equal((await anonymous(`/datasets/${ids.released}/v/2/files/1`)).rawPayload.toString(), second);
    });

    test('released versions and their bytes refuse every UPDATE (no update path, not even in SQL)', async () => {
      const db = s.connection.db;
      await assert.rejects(
        db
          .updateTable('dataset_version')
          .set({ snapshot: '{}' })
          .where('experiment_id', '=', ids.released)
          .execute(),
        /never changes/,
      );
      await assert.rejects(
        db
          .updateTable('dataset_version')
          .set({ withdrawn_reason: 'rewritten' })
          .where('experiment_id', '=', ids.withdrawn)
          .execute(),
        /never changes/,
      );
      await assert.rejects(
        db
          .updateTable('dataset_blob_chunk')
          .set({ bytes: Buffer.from('x') })
          .where('sha256', '=', sha256(first))
          .execute(),
        /never changes/,
      );
    });

    test('a withdrawn version is a tombstone: 410 with title, version, date and reason, and no data', async () => {
      const page = await anonymous(`/datasets/${ids.withdrawn}/v/1`);
      assert.equal(page.statusCode, 410);
      assert.match(page.body, /walk withdrawn delta/);
      assert.match(page.body, /calibration error in channel 3/);
      assert.match(page.body, /Version 1/);
      assert.ok(!page.body.includes(sha256(first)), 'no checksum, no file');
      assert.doesNotMatch(page.body, /application\/ld\+json/);
      assert.equal((await anonymous(`/datasets/${ids.withdrawn}/v/1/files/1`)).statusCode, 410);
      assert.equal((await anonymous(`/datasets/${ids.withdrawn}/v/1/cycles.csv`)).statusCode, 410);
      assert.doesNotMatch((await anonymous('/datasets')).body, /delta/);
      const again = await maintainer('POST', `/api/experiments/${ids.withdrawn}/versions/1/withdraw`, {
        reason: 'twice',
      });
      assert.equal(again.statusCode, 409);
      const noReason = await maintainer('POST', `/api/experiments/${ids.released}/versions/2/withdraw`, {
        reason: ' ',
      });
      assert.equal(noReason.statusCode, 400);
      assert.equal(noReason.json<{ field: string }>().field, 'reason');
      const audit = await s.authz.findAuditEntries({ action: 'dataset.withdraw', limit: 10 });
      assert.equal(audit.entries.length, 1);
    });

    test("the experiment page's open-data controls: shown to curators only, and the server refuses anyway", async () => {
      const id = await s.experiment({ title: 'page release epsilon', status: 'public' });
      const page = (caller: 'maintainer' | 'reader') =>
        s.as(caller, { method: 'GET', url: `/experiments/${id}` });
      const curator = (await page('maintainer')).body;
      assert.match(curator, /Release openly/);
      assert.match(curator, /Withdraw version 1/);
      assert.doesNotMatch((await page('reader')).body, /Release openly|Withdraw version/);
      const form = (caller: 'maintainer' | 'reader', payload: string) =>
        s.as(caller, {
          method: 'POST',
          url: `/experiments/${id}/release`,
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          payload,
        });
      // A reader's post is refused (the refusal comes back as the page's flash, as every form's
      // does), and so is one without the confirmation: nothing is released.
      assert.equal((await form('reader', 'licence=CC0-1.0&confirm=yes')).statusCode, 303);
      assert.equal((await form('maintainer', 'licence=CC0-1.0')).statusCode, 303);
      assert.equal((await anonymous(`/datasets/${id}/v/1`)).statusCode, 404);
      assert.equal(
        (await s.authz.findAuditEntries({ action: 'dataset.release', limit: 10 })).entries.length,
        2,
      );
      assert.equal((await form('maintainer', 'licence=CC0-1.0&confirm=yes')).statusCode, 303);
      const landing = await anonymous(`/datasets/${id}/v/1`);
      assert.equal(landing.statusCode, 200);
      assert.match(landing.body, /CC0-1.0/);
    });

    test('signed out, every route of the table: open data answers for released versions only; the rest is 401, a sign-in redirect or 404', async () => {
      const secrets = /walk private alpha|walk public beta/;
      let walked = 0;
      for (const route of s.app.batterydb.routes) {
        const access = route.access!;
        for (const [name, id] of Object.entries(ids)) {
          const url = route.url
            .replace(':id', String(id))
            .replace(':n', '1')
            .replace(':index', '1')
            .replace(/:[a-zA-Z]+/g, '1');
          const response = await s.app.inject({ method: route.method, url });
          const where = `${route.method} ${url} (${name}): ${response.statusCode}`;
          walked += 1;
          assert.doesNotMatch(response.body, secrets, where);
          if (access.kind === 'public') continue;
          if (access.kind !== 'dataset') {
            const redirect = response.statusCode === 303 && !url.startsWith('/api/');
            assert.ok(response.statusCode === 401 || redirect, where);
            continue;
          }
          if (!route.url.includes(':id')) {
            assert.equal(response.statusCode, 200, where);
            continue;
          }
          const expected =
            name === 'released'
              ? route.url === '/datasets/:id'
                ? 302
                : 200
              : name === 'withdrawn'
                ? route.url === '/datasets/:id'
                  ? 302
                  : 410
                : 404;
          assert.equal(response.statusCode, expected, where);
        }
      }
      assert.ok(walked > 200, `${walked} requests`);
    });
  });
}
