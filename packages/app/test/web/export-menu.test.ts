/**
 * The Export menu of the experiment and compare pages (issue 21): every link it offers answers
 * the signed-in viewer with the download it names (cookie session, as a click would), per file
 * when there are several; nothing of a private experiment reaches someone who may not see it.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DIALECTS } from '../../../../test-support/databases.ts';
import { syntheticDatasets } from '../../src/imports/demo-datasets.ts';
import { runImport } from '../../src/imports/run-import.ts';
import { type PageWorld, pageWorld } from './support/page-world.ts';

const TYPES: Record<string, RegExp> = {
  csv: /^text\/csv/,
  xlsx: /^application\/vnd\.openxmlformats-officedocument\.spreadsheetml\.sheet$/,
  parquet: /^application\/vnd\.apache\.parquet$/,
  json: /^application\/json/,
};

/** The menu's links, in page order (`&amp;` as the browser reads it). */
const exportLinks = (html: string): string[] =>
  [
    ...(html.match(/<details class="export-menu">[\s\S]*?<\/details>/)?.[0] ?? '').matchAll(
      /href="([^"]+)"/g,
    ),
  ].map((m) => m[1]!.replaceAll('&amp;', '&'));

for (const dialect of DIALECTS) {
  describe(`the Export menu (${dialect})`, () => {
    let w: PageWorld;
    let id: number;
    const fileIds: number[] = [];
    before(async () => {
      w = await pageWorld(dialect);
      id = await w.experiment('private', { activeMassMg: 10 });
      for (const file of syntheticDatasets()[0]!.files.slice(0, 1)) {
        for (const name of ['first.csv', 'second.csv']) {
          const result = await runImport(w.s.app.batterydb.connection, {
            experimentId: id,
            userId: w.ids.owner,
            fileName: name,
            input: file.open(),
            maxBytes: Number.MAX_SAFE_INTEGER,
            allowDuplicate: true,
          });
          assert.ok(result.ok);
          fileIds.push(result.file.fileId);
        }
      }
    });
    after(() => w.s.close());

    test('the experiment page offers every table and series, all and per file, and each link downloads it', async () => {
      const page = await w.as('owner', 'GET', `/experiments/${id}`);
      assert.equal(page.statusCode, 200);
      const links = exportLinks(page.body);
      // All data: 3 tables + 3 series; each of the two files: 3 tables + 2 series.
      assert.equal(links.length, 6 + 2 * 5, links.join('\n'));
      for (const fileId of fileIds) assert.ok(links.some((l) => l.endsWith(`fileId=${fileId}`)));
      for (const link of links) {
        const response = await w.as('owner', 'GET', link);
        assert.equal(response.statusCode, 200, `${link}: ${response.body.slice(0, 200)}`);
        const format = new URL(link, 'http://x').searchParams.get('format')!;
        assert.match(String(response.headers['content-type']), TYPES[format]!, link);
        assert.match(String(response.headers['content-disposition']), /^attachment;/);
        assert.ok(response.rawPayload.length > 0);
      }
      // What a reader of this private experiment gets from the same links: not found.
      for (const link of links.slice(0, 3)) assert.equal((await w.as('reader', 'GET', link)).statusCode, 404);
    });

    test('the compare page offers the compared cells’ CSV and each experiment’s per-cycle table', async () => {
      const other = await w.experiment('private');
      const page = await w.as('owner', 'GET', `/compare?id=${id}&id=${other}`);
      assert.equal(page.statusCode, 200);
      const links = exportLinks(page.body);
      assert.deepEqual(links, [
        `/api/compare/cycles?id=${id}&id=${other}&format=csv`,
        ...[id, other].flatMap((e) =>
          ['csv', 'xlsx', 'parquet'].map((f) => `/api/experiments/${e}/cycles?format=${f}`),
        ),
      ]);
      for (const link of links) {
        const response = await w.as('owner', 'GET', link);
        assert.equal(response.statusCode, 200, link);
        assert.match(String(response.headers['content-disposition']), /^attachment;/, link);
      }
    });
  });
}
