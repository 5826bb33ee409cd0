/**
 * Issue 9, edge: every malformed multipart body is a 400 problem (never a 500), several files in
 * one request are refused (never one silently dropped), and OpenAPI describes the upload body.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { syntheticCyclerCsv } from '../../src/cycler/index.ts';
import { DIALECTS } from '../../../../test-support/databases.ts';
import { dataRowCounts, dataServer, type DataServer, upload } from './support/data-server.ts';

const GOOD = syntheticCyclerCsv({
  cycles: 2,
  pointsPerHalfCycle: 10,
  capacityAh: 1,
  fadePerCycle: 0.01,
  seed: 3,
});

interface Problem {
  status: number;
  code: string;
  detail: string;
  field?: string;
  reason?: string;
}

const part = (boundary: string, name: string, body: string, fileName?: string) =>
  `--${boundary}\r\nContent-Disposition: form-data; name="${name}"${fileName ? `; filename="${fileName}"` : ''}\r\n` +
  `${fileName ? 'Content-Type: text/csv\r\n' : ''}\r\n${body}\r\n`;

for (const dialect of DIALECTS) {
  describe(`the upload form (${dialect})`, () => {
    let server: DataServer;
    let experimentId: number;
    let stored: Record<string, number>;
    before(async () => {
      server = await dataServer(dialect);
      experimentId = await server.experiment();
      assert.equal((await upload(server, 'owner', experimentId, 'first.csv', GOOD)).statusCode, 201);
      stored = await dataRowCounts(server.connection);
    });
    after(() => server.close());

    const post = (contentType: string, payload: string) =>
      server.as('owner', {
        method: 'POST',
        url: `/api/experiments/${experimentId}/files`,
        headers: { 'content-type': contentType },
        payload,
      });

    test('malformed multipart bodies → 400 problems naming what is wrong; nothing stored', async () => {
      const cases: [string, string, string, string][] = [
        ['no boundary', 'multipart/form-data', part('b', 'file', GOOD, 'a.csv') + '--b--\r\n', 'body'],
        ['an empty boundary', 'multipart/form-data; boundary=', part('b', 'file', GOOD, 'a.csv'), 'body'],
        [
          'a body of a different boundary',
          'multipart/form-data; boundary=zzz',
          part('b', 'file', GOOD, 'a.csv'),
          'body',
        ],
        ['an empty body', 'multipart/form-data; boundary=b', '', 'file'],
        ['only the closing boundary', 'multipart/form-data; boundary=b', '--b--\r\n', 'file'],
        ['garbage', 'multipart/form-data; boundary=b', '\u0000\u0001 not multipart at all', 'body'],
        [
          'a part without headers',
          'multipart/form-data; boundary=b',
          '--b\r\n\r\nhello\r\n--b--\r\n',
          'file',
        ],
      ];
      for (const [name, type, body, field] of cases) {
        const response = await post(type, body);
        assert.equal(response.statusCode, 400, `${name}: ${response.body}`);
        assert.match(String(response.headers['content-type']), /^application\/problem\+json/, name);
        const problem = response.json<Problem>();
        assert.equal(problem.code, 'INVALID_INPUT', name);
        assert.equal(problem.field, field, name);
      }
      assert.deepEqual(await dataRowCounts(server.connection), stored);
    });

    test('two files in one request → 400, neither is stored (never a silent drop)', async () => {
      const imports = async () =>
        (await server.as('owner', { method: 'GET', url: `/api/experiments/${experimentId}/imports` })).json<{
          items: { status: string; error: { reason: string } | null }[];
        }>().items;
      const before = (await imports()).length;
      const response = await post(
        'multipart/form-data; boundary=b',
        part('b', 'file', GOOD, 'one.csv') +
          part('b', 'file', GOOD.replace('1', '2'), 'two.csv') +
          '--b--\r\n',
      );
      assert.equal(response.statusCode, 400, response.body);
      const problem = response.json<Problem>();
      assert.equal(problem.field, 'file');
      assert.equal(problem.reason, 'bad-form');
      assert.match(problem.detail, /one file per request/);
      assert.deepEqual(await dataRowCounts(server.connection), stored);
      const after = await imports();
      assert.equal(after.length, before + 1, 'the attempt is on record, failed, with the reason');
      assert.ok(after.some((i) => i.status === 'failed' && i.error?.reason === 'bad-form'));
    });

    test('a field before or after the file → 400 naming it; nothing stored', async () => {
      for (const body of [
        part('b', 'note', 'hello') + part('b', 'file', GOOD, 'a.csv') + '--b--\r\n',
        part('b', 'file', GOOD, 'a.csv') + part('b', 'note', 'hello') + '--b--\r\n',
      ]) {
        const response = await post('multipart/form-data; boundary=b', body);
        assert.equal(response.statusCode, 400, response.body);
        assert.equal(response.json<Problem>().field, 'note');
      }
      assert.deepEqual(await dataRowCounts(server.connection), stored);
    });

    test('OpenAPI describes the upload body: multipart/form-data with one binary field "file"', async () => {
      await server.app.ready();
      const doc = (await server.as('owner', { method: 'GET', url: '/api/openapi.json' })).json<{
        paths: Record<
          string,
          Record<string, { requestBody?: { content: Record<string, { schema: unknown }> } }>
        >;
      }>();
      const body = doc.paths['/api/experiments/{id}/files']?.post?.requestBody;
      assert.ok(body, 'the upload has a request body');
      const schema = body.content['multipart/form-data']?.schema as {
        required: string[];
        properties: Record<string, { type: string; format: string }>;
      };
      assert.deepEqual(schema.required, ['file']);
      assert.deepEqual(Object.keys(schema.properties), ['file']);
      assert.equal(schema.properties.file!.format, 'binary');
      // Documentation only: a real upload is still read by the multipart parser.
      assert.equal(
        (await upload(server, 'owner', experimentId, 'again.csv', GOOD.replace('0.0', '0.1'))).statusCode,
        201,
      );
    });
  });
}
