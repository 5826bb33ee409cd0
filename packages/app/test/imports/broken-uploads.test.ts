/**
 * Bad input from issue 5 through the HTTP upload: each is a 4xx naming the problem (line and
 * column where there is one) and nothing of the upload is stored. The import record keeps the
 * failure, which is the point of it.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { syntheticCyclerCsv, syntheticCyclerCsvChunks } from '../../src/cycler/index.ts';
import { DIALECTS } from '../../../../test-support/databases.ts';
import {
  dataRowCounts,
  dataServer,
  type DataServer,
  multipart,
  upload,
  type UploadProblemBody as Problem,
} from './support/data-server.ts';

const GOOD = syntheticCyclerCsv({
  cycles: 2,
  pointsPerHalfCycle: 10,
  capacityAh: 1,
  fadePerCycle: 0.01,
  seed: 1,
});
const LINES = GOOD.split('\r\n');
const withLine = (index: number, edit: (line: string) => string) =>
  LINES.map((l, i) => (i === index ? edit(l) : l)).join('\r\n');

/** A long synthetic run (12,400 rows) whose `lineNumber`-th line has text in the voltage column. */
function breaksAt(lineNumber: number): string {
  let line = 0;
  let out = '';
  for (const chunk of syntheticCyclerCsvChunks({
    cycles: 31,
    pointsPerHalfCycle: 200,
    capacityAh: 1,
    fadePerCycle: 0.001,
    seed: 9,
  })) {
    out += chunk
      .split('\r\n')
      .map((l) => {
        if (l === '') return l;
        line += 1;
        return line === lineNumber ? l.replace(/^([^,]*,[^,]*,[^,]*,[^,]*,[^,]*),[^,]*,/, '$1,3.3x,') : l;
      })
      .join('\r\n');
  }
  return out;
}

const CASES: {
  name: string;
  content: string | Buffer;
  reason: string;
  line?: number;
  column?: string;
  detail: RegExp;
}[] = [
  { name: 'an empty upload', content: '', reason: 'empty-file', line: 1, detail: /The file is empty/ },
  {
    name: 'text that is not cycler data',
    content: 'Dear colleagues,\nplease find the results attached.\n',
    reason: 'unrecognised-format',
    line: 1,
    detail: /does not look like cycler data/,
  },
  {
    name: 'a CSV that resembles a layout we read names it, what it lacks, and the column mapping',
    content:
      // Column names alone: with data rows it is a table to map (column-mapping.test.ts), and kept.
      'Test,Cell,Rack,Shelf,Position,Step,Total Time (Seconds),Voltage (mV),Current (mA)\n',
    reason: 'unrecognised-format',
    line: 1,
    detail:
      /looks most like a PEC CSV export \(line 1 has "Test", "Rack", "Shelf", "Position", "Total Time \(Seconds\)"\), but it has no "Cycle" column\..*column mapping/,
  },
  {
    name: 'an image',
    content: Buffer.from([
      0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52,
    ]),
    reason: 'unrecognised-format',
    line: 1,
    detail: /PNG image, not cycler data/,
  },
  {
    name: 'a file cut in the middle of a row',
    content: GOOD.slice(0, GOOD.length - 30),
    reason: 'truncated',
    line: 41,
    detail: /Line 41: the file ends in the middle of this row/,
  },
  {
    name: 'the wrong encoding (UTF-32)',
    content: Buffer.from(
      GOOD.split('')
        .map((c) => `${c}\0\0\0`)
        .join(''),
      'latin1',
    ),
    reason: 'unrecognised-format',
    line: 1,
    detail: /binary file of a kind we do not read/,
  },
  {
    name: 'decimal commas in a comma-separated file',
    content: GOOD.replace(/(\d)\.(\d)/g, '$1,$2'),
    reason: 'ragged-row',
    line: 2,
    detail: /Line 2: .*decimal comma/,
  },
  {
    name: 'a ragged row',
    content: withLine(5, (l) => l.split(',').slice(0, -2).join(',')),
    reason: 'ragged-row',
    line: 6,
    detail: /Line 6: this row has 9 values but the header has 11 columns/,
  },
  {
    name: 'text in a numeric column',
    content: withLine(7, (l) => l.replace(/,3\.\d+,/, ',abc,')),
    reason: 'not-a-number',
    line: 8,
    column: 'Voltage',
    detail: /Line 8, column "Voltage": "abc" is not a number/,
  },
  {
    name: 'column names and no data',
    content: `${LINES[0]}\r\n`,
    reason: 'no-data',
    detail: /column names but no data rows/,
  },
  {
    name: 'a file that breaks at row 5,000',
    content: breaksAt(5001),
    reason: 'not-a-number',
    line: 5001,
    column: 'Voltage',
    detail: /Line 5001, column "Voltage"/,
  },
  {
    name: 'a file that breaks at row 12,000, after two batches were written',
    content: breaksAt(12001),
    reason: 'not-a-number',
    line: 12001,
    column: 'Voltage',
    detail: /Line 12001, column "Voltage"/,
  },
];

for (const dialect of DIALECTS) {
  describe(`broken uploads store nothing (${dialect})`, () => {
    let server: DataServer;
    let experimentId: number;
    let before_: Record<string, number>;
    before(async () => {
      server = await dataServer(dialect);
      experimentId = await server.experiment();
      // One good file first: "nothing changes" must hold with data already there.
      assert.equal((await upload(server, 'owner', experimentId, 'good.csv', GOOD)).statusCode, 201);
      before_ = await dataRowCounts(server.connection);
    });
    after(() => server.close());

    for (const c of CASES) {
      test(`${c.name} → 400 naming the problem; nothing stored`, async () => {
        const response = await upload(server, 'owner', experimentId, 'broken.csv', c.content);
        assert.equal(response.statusCode, 400, response.body);
        assert.match(String(response.headers['content-type']), /^application\/problem\+json/);
        const problem = response.json<Problem>();
        assert.equal(problem.code, 'INVALID_INPUT');
        assert.equal(problem.field, 'file');
        assert.equal(problem.reason, c.reason);
        assert.match(problem.detail, c.detail);
        assert.equal(problem.line ?? undefined, c.line);
        assert.equal(problem.column ?? undefined, c.column);
        assert.deepEqual(await dataRowCounts(server.connection), before_);

        const record = await server.as('owner', { method: 'GET', url: `/api/imports/${problem.importId}` });
        assert.equal(record.statusCode, 200);
        const item = record.json<{
          status: string;
          fileId: null;
          error: { reason: string; line: number | null };
        }>();
        assert.equal(item.status, 'failed');
        assert.equal(item.fileId, null);
        assert.equal(item.error.reason, c.reason);
        assert.equal(item.error.line ?? undefined, c.line);
      });
    }

    test('a form without a file, a wrong field name, or not multipart at all → 4xx naming "file"', async () => {
      const url = `/api/experiments/${experimentId}/files`;
      const field = multipart('a.csv', GOOD, { field: 'data' });
      const wrongField = await server.as('owner', { method: 'POST', url, ...field });
      assert.equal(wrongField.statusCode, 400);
      assert.equal(wrongField.json<Problem>().field, 'data');
      const json = await server.as('owner', { method: 'POST', url, payload: { file: GOOD } });
      assert.equal(json.statusCode, 415);
      assert.equal(json.json<Problem>().field, 'file');
      const boundary = 'xyz';
      const noFile = await server.as('owner', {
        method: 'POST',
        url,
        headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
        payload: `--${boundary}\r\nContent-Disposition: form-data; name="note"\r\n\r\nhello\r\n--${boundary}--\r\n`,
      });
      assert.equal(noFile.statusCode, 400);
      assert.equal(noFile.json<Problem>().field, 'file');
      assert.deepEqual(await dataRowCounts(server.connection), before_);
    });

    test('an upload cut short (the multipart body never ends) → 400 "interrupted", nothing stored', async () => {
      const response = await server.as('owner', {
        method: 'POST',
        url: `/api/experiments/${experimentId}/files`,
        headers: { 'content-type': 'multipart/form-data; boundary=cut' },
        payload: `--cut\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\n\r\n${GOOD.slice(0, 500)}`,
      });
      assert.equal(response.statusCode, 400, response.body);
      const problem = response.json<Problem>();
      assert.equal(problem.reason, 'interrupted');
      assert.match(problem.detail, /stopped before the whole file arrived/);
      assert.deepEqual(await dataRowCounts(server.connection), before_);
    });

    test('a declared 2 GB upload is refused with 413 before a byte is read', async () => {
      const { headers } = multipart('huge.csv', '');
      const response = await server.as('owner', {
        method: 'POST',
        url: `/api/experiments/${experimentId}/files`,
        headers: { ...headers, 'content-length': String(2 * 2 ** 30) },
        payload: 'x',
      });
      assert.equal(response.statusCode, 413);
      assert.equal(response.json<Problem>().code, 'PAYLOAD_TOO_LARGE');
      assert.match(response.json<Problem>().detail, /larger than 512 MiB/);
      assert.deepEqual(await dataRowCounts(server.connection), before_);
    });
  });

  describe(`an upload over the configured limit (${dialect})`, () => {
    let server: DataServer;
    before(async () => {
      // The limit is read when the routes are registered (BATTERYDB_MAX_UPLOAD_BYTES).
      process.env.BATTERYDB_MAX_UPLOAD_BYTES = String(256 * 1024);
      try {
        server = await dataServer(dialect);
      } finally {
        delete process.env.BATTERYDB_MAX_UPLOAD_BYTES;
      }
    });
    after(() => server.close());

    test('streamed without a length, it is cut at the limit: 413, nothing stored', async () => {
      const experimentId = await server.experiment();
      const big = syntheticCyclerCsvChunks({
        cycles: 20,
        pointsPerHalfCycle: 100,
        capacityAh: 1,
        fadePerCycle: 0,
        seed: 2,
      });
      const response = await upload(server, 'owner', experimentId, 'big.csv', big);
      assert.equal(response.statusCode, 413, response.body);
      const problem = response.json<Problem>();
      assert.equal(problem.reason, 'too-large');
      assert.match(problem.detail, /larger than 256 KiB/);
      assert.deepEqual(Object.values(await dataRowCounts(server.connection)), [0, 0, 0, 0, 0]);
      const record = await server.as('owner', { method: 'GET', url: `/api/imports/${problem.importId}` });
      assert.equal(record.json<{ status: string }>().status, 'failed');
    });
  });
}
