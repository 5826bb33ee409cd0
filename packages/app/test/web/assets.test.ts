/**
 * Speed (issue 24): pages and assets travel compressed (brotli or gzip, as the browser asks),
 * and assets are linked by content-hashed names cached for a year as immutable, so a page
 * view revalidates nothing; a module's imports of its siblings point at their hashed names too.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { DIALECTS } from '../../../../test-support/databases.ts';
import { type PageWorld, pageWorld } from './support/page-world.ts';

for (const dialect of DIALECTS) {
  describe(`compressed pages and immutable assets (${dialect})`, () => {
    let w: PageWorld;
    before(async () => {
      w = await pageWorld(dialect);
    });
    after(() => w.s.close());

    const get = (url: string, headers: Record<string, string> = {}) =>
      w.browsers.reader.request({ method: 'GET', url, headers });

    test('a page is sent brotli- or gzip-compressed, as asked, and plain otherwise', async () => {
      const plain = await get('/experiments');
      assert.equal(plain.headers['content-encoding'], undefined);
      const br = await get('/experiments', { 'accept-encoding': 'gzip, deflate, br' });
      assert.equal(br.headers['content-encoding'], 'br');
      assert.equal(brotliDecompressSync(br.rawPayload).toString('utf8'), plain.body);
      assert.ok(
        br.rawPayload.length < plain.rawPayload.length / 2,
        `${br.rawPayload.length} of ${plain.rawPayload.length}`,
      );
      const gz = await get('/experiments', { 'accept-encoding': 'gzip, br;q=0' });
      assert.equal(gz.headers['content-encoding'], 'gzip');
      assert.equal(gunzipSync(gz.rawPayload).toString('utf8'), plain.body);
      assert.match(String(br.headers.vary), /accept-encoding/i);
      // The JSON API is left alone.
      assert.equal(
        (await get('/api/experiments', { 'accept-encoding': 'br' })).headers['content-encoding'],
        undefined,
      );
    });

    test('pages link content-hashed assets, cached for good; imports inside point at hashed names', async () => {
      const html = (await get('/experiments')).body;
      const css = /href="(\/assets\/css\/app\.[0-9a-f]{12}\.css)"/.exec(html)?.[1];
      assert.ok(css, 'the stylesheet by its hashed name');
      const sheet = await get(css, { 'accept-encoding': 'br' });
      assert.equal(sheet.statusCode, 200);
      assert.equal(sheet.headers['cache-control'], 'public, max-age=31536000, immutable');
      assert.equal(sheet.headers['content-encoding'], 'br');
      const original = await get('/assets/css/app.css');
      assert.equal(original.headers['cache-control'], 'no-cache', 'the plain name is revalidated');
      assert.equal(brotliDecompressSync(sheet.rawPayload).toString('utf8'), original.body);
      const again = await get('/assets/css/app.css', { 'if-none-match': String(original.headers.etag) });
      assert.equal(again.statusCode, 304);

      const id = await w.experiment('public', { title: 'Scripted' });
      const page = (await get(`/experiments/${id}`)).body;
      const script = /src="(\/assets\/js\/imports\.[0-9a-f]{12}\.js)"/.exec(page)?.[1];
      assert.ok(script);
      const body = (await get(script)).body;
      assert.match(body, /from '\.\/api\.[0-9a-f]{12}\.js'/);
      const imported = /from '\.\/(api\.[0-9a-f]{12}\.js)'/.exec(body)![1]!;
      assert.equal((await get(`/assets/js/${imported}`)).statusCode, 200);
      assert.equal((await get('/assets/js/nothing.js')).statusCode, 404);
      assert.equal((await get('/assets/js/..%2fcss%2fapp.css')).statusCode, 404);
    });
  });
}
