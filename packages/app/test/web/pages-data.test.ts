/**
 * The experiment page's data buttons: delete a file (after a confirmation page), delete a failed
 * import — the API's functions, with their decision and audit entry; plots and tables of an
 * experiment with data.
 */
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import { DIALECTS } from '../../../../test-support/databases.ts';
import { sql } from 'kysely';
import { syntheticCyclerCsvChunks } from '../../src/cycler/index.ts';
import { syntheticDatasets } from '../../src/imports/demo-datasets.ts';
import { runImport } from '../../src/imports/run-import.ts';
import { type PageWorld, pageWorld, type Who } from './support/page-world.ts';

for (const dialect of DIALECTS) {
  describe(`experiment data on the page (${dialect})`, () => {
    let w: PageWorld;
    before(async () => {
      w = await pageWorld(dialect);
    });
    after(() => w.s.close());

    const upload = async (
      experimentId: number,
      input: AsyncIterable<Buffer | Uint8Array>,
      fileName: string,
    ) =>
      runImport(w.s.app.batterydb.connection, {
        experimentId,
        userId: w.ids.owner,
        fileName,
        input,
        maxBytes: Number.MAX_SAFE_INTEGER,
      });

    test('a file shows with its format and capacity source; deleting it asks first, then takes its data', async () => {
      const id = await w.experiment('private', { activeMassMg: 10 });
      const file = syntheticDatasets()[0]!.files[0]!;
      const result = await upload(id, file.open(), file.name);
      assert.ok(result.ok);
      const fileId = result.file.fileId;
      const page = await w.as('owner', 'GET', `/experiments/${id}`);
      assert.match(page.body, /id="plots"/, 'plots for an experiment with cycles');
      assert.match(page.body, /from the cycler|integrated from current/);
      assert.match(page.body, /mAh\/g/, 'capacities per gram with an active mass');
      assert.match(page.body, new RegExp(`/experiments/${id}/files/${fileId}/delete`));
      const reader = await w.as('reader', 'GET', `/experiments/${id}/files/${fileId}/delete`);
      assert.equal(reader.statusCode, 404);
      const confirm = await w.as('owner', 'GET', `/experiments/${id}/files/${fileId}/delete`);
      assert.equal(confirm.statusCode, 200);
      assert.match(confirm.body, /This deletes the file/);
      const deleted = await w.as('owner', 'POST', `/experiments/${id}/files/${fileId}/delete`, {
        _csrf: w.csrf('owner'),
      });
      assert.equal(deleted.statusCode, 303);
      const files = await w.browsers.owner.request({ method: 'GET', url: `/api/experiments/${id}/files` });
      assert.deepEqual(files.json<{ items: unknown[] }>().items, []);
      const audit = await w.s.db
        .selectFrom('authz_audit_log')
        .select('action')
        .where('target_id', '=', id)
        .where('action', '=', 'data.delete-file')
        .execute();
      assert.equal(audit.length, 1);
      const again = await w.as('owner', 'POST', `/experiments/${id}/files/${fileId}/delete`, {
        _csrf: w.csrf('owner'),
      });
      assert.equal(again.statusCode, 404);
    });

    test('a failed import shows its reason and can be deleted from the page; others may not', async () => {
      const id = await w.experiment('private');
      const garbage = Readable.from([Buffer.from('this is not,a cycler file\n1,2\n')]);
      const result = await upload(id, garbage, 'notes.csv');
      assert.equal(result.ok, false);
      const page = await w.as('owner', 'GET', `/experiments/${id}`);
      assert.match(page.body, /notes\.csv/);
      assert.match(page.body, /badge-failed/);
      assert.match(page.body, new RegExp(`/experiments/${id}/imports/${result.importId}/delete`));
      const stranger = await w.as(
        'contributor',
        'POST',
        `/experiments/${id}/imports/${result.importId}/delete`,
        {
          _csrf: w.csrf('contributor'),
        },
      );
      assert.equal(stranger.statusCode, 404);
      const other = await w.experiment('private');
      const wrongPage = await w.as(
        'owner',
        'POST',
        `/experiments/${other}/imports/${result.importId}/delete`,
        {
          _csrf: w.csrf('owner'),
        },
      );
      assert.equal(wrongPage.statusCode, 404, 'an import is deleted from its own experiment only');
      const gone = await w.as('owner', 'POST', `/experiments/${id}/imports/${result.importId}/delete`, {
        _csrf: w.csrf('owner'),
      });
      assert.equal(gone.statusCode, 303);
      const imports = await w.browsers.owner.request({
        method: 'GET',
        url: `/api/experiments/${id}/imports`,
      });
      assert.deepEqual(imports.json<{ items: unknown[] }>().items, []);
    });

    test('the list says what each viewer may do; capacities read in mAh or Ah by the cell’s size', async () => {
      const cell = (capacityAh: number) =>
        Readable.from(
          syntheticCyclerCsvChunks({
            cycles: 2,
            pointsPerHalfCycle: 20,
            capacityAh,
            fadePerCycle: 0,
            seed: 3,
          }),
        );
      const coin = await w.experiment('private', { title: 'Listed coin cell' });
      const big = await w.experiment('private', { title: 'Listed pouch cell' });
      assert.ok((await upload(coin, cell(0.0042), 'coin.csv')).ok);
      assert.ok((await upload(big, cell(2.5), 'pouch.csv')).ok);
      await w.s.authz.experiments.update(sql`id = ${big}`, { status: 'public' });
      /** The list row of one experiment, as each viewer sees it. */
      const row = async (who: Who, title: string) => {
        const page = await w.as(who, 'GET', '/experiments?q=listed');
        return page.body.split('<tr').find((r) => r.includes(`>${title}</a>`)) ?? null;
      };
      /** "You may view, edit and delete", as words (edit and delete are links to their pages). */
      const chips = (html: string | null) => {
        const said = /<p class="may-do">(.*?)<\/p>/s.exec(html ?? '')?.[1] ?? '';
        return said
          .replace(/<[^>]+>/g, '')
          .replace(/^You may /, '')
          .split(/, | and /)
          .filter(Boolean);
      };

      assert.deepEqual(chips(await row('owner', 'Listed coin cell')), ['view', 'edit', 'delete']);
      assert.match((await row('owner', 'Listed coin cell'))!, /<a href="\/experiments\/\d+\/edit"/);
      assert.deepEqual(chips(await row('owner', 'Listed pouch cell')), ['view'], 'public data is curated');
      assert.deepEqual(chips(await row('maintainer', 'Listed pouch cell')), [
        'view',
        'edit',
        'delete',
        'publish',
      ]);
      assert.deepEqual(chips(await row('reader', 'Listed pouch cell')), ['view']);
      assert.equal(await row('reader', 'Listed coin cell'), null, 'private: not listed');

      assert.match(
        (await row('owner', 'Listed coin cell'))!,
        /4\.200 mAh/,
        'four significant digits, trailing zeros kept',
      );
      assert.match((await row('owner', 'Listed pouch cell'))!, /2\.500 Ah/);
      const coinPage = (await w.as('owner', 'GET', `/experiments/${coin}`)).body;
      assert.match(coinPage, /&quot;sized&quot;:&quot;mah&quot;/, 'the plots start in mAh (the cell’s size)');
      assert.doesNotMatch(coinPage, /\d Ah</, 'no "0.0042 Ah" in the cycle table');
      const pouchPage = (await w.as('owner', 'GET', `/experiments/${big}`)).body;
      assert.match(pouchPage, /&quot;sized&quot;:&quot;ah&quot;/);
      assert.match(pouchPage, /2\.500 Ah/, 'the cycle table: one count of decimals per column');
    });
  });
}
