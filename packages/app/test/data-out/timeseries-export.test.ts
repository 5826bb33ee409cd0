/**
 * Time series out (issue 21): `GET /api/experiments/:id/export?format=csv|parquet[&fileId=]` on
 * every dialect. A file's Parquet holds exactly its CSV's samples (read back with hyparquet); a
 * million samples stream out through a real socket in both formats with the heap's growth
 * bounded far below the data's size (no timing asserted, the figures are logged).
 */
import assert from 'node:assert/strict';
import { createWriteStream, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { once } from 'node:events';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { after, before, describe, test } from 'node:test';
import { asyncBufferFromFile, parquetMetadataAsync, parquetReadObjects } from 'hyparquet';
import { syntheticCyclerCsvChunks, type SyntheticCyclerOptions } from '../../src/cycler/index.ts';
import { CSV_HEADER } from '../../src/measurements/export-csv.ts';
import { DIALECTS } from '../../../../test-support/databases.ts';
import { dataServer, type DataServer, upload } from '../imports/support/data-server.ts';
import { fixture } from '../support/fixture-cyclers.ts';
import { readCsv, readParquet } from '../support/read-exports.ts';

const RUN: SyntheticCyclerOptions = {
  cycles: 100,
  pointsPerHalfCycle: 5000,
  capacityAh: 2.5,
  fadePerCycle: 0.001,
  seed: 7,
};
const POINTS = RUN.cycles * 2 * RUN.pointsPerHalfCycle;
const MiB = 2 ** 20;

/** A full garbage collection on demand (the flag set at run time; `gc` from a fresh context). */
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** A CSV or Parquet cell compared as numbers (CSV's empty field is Parquet's null). */
const same = (text: string, value: unknown) => (text === '' ? value === null : Number(text) === value);

for (const dialect of DIALECTS) {
  describe(`time series as CSV and Parquet (${dialect})`, () => {
    let server: DataServer;
    let experimentId: number;
    let fileId: number;
    let dir: string;
    before(async () => {
      server = await dataServer(dialect);
      dir = await mkdtemp(path.join(tmpdir(), 'batterydb-export-'));
      experimentId = await server.experiment({ title: 'time series' });
      const response = await upload(
        server,
        'owner',
        experimentId,
        'maccor_002.txt',
        readFileSync(fixture('maccor/maccor_002.txt')),
      );
      assert.equal(response.statusCode, 201, response.body);
      fileId = response.json<{ file: { id: number } }>().file.id;
    });
    after(async () => {
      await server.close();
      await rm(dir, { recursive: true, force: true });
    });

    test('one file’s Parquet holds exactly its CSV’s samples, in Battery Data Format columns', async () => {
      // A second file, so that fileId has something to leave out.
      await upload(
        server,
        'owner',
        experimentId,
        'arbin.csv',
        readFileSync(fixture('arbin/sample_data_arbin.csv')),
      );
      const url = `/api/experiments/${experimentId}/export?fileId=${fileId}`;
      const csv = readCsv((await server.as('owner', { method: 'GET', url: `${url}&format=csv` })).body);
      const response = await server.as('owner', { method: 'GET', url: `${url}&format=parquet` });
      assert.equal(response.statusCode, 200, response.body);
      assert.equal(response.headers['content-type'], 'application/vnd.apache.parquet');
      assert.match(String(response.headers['content-disposition']), /experiment-\d+-file-\d+\.parquet/);
      const parquet = await readParquet(response.rawPayload);
      assert.deepEqual(Object.keys(parquet.rows[0]!), CSV_HEADER);
      assert.deepEqual([...parquet.codecs], ['SNAPPY']);
      assert.equal(parquet.types.cycle_count, 'INT32');
      assert.equal(parquet.rows.length, 7446);
      assert.equal(csv.length, 7446);
      parquet.rows.forEach((row, i) => {
        for (const name of CSV_HEADER)
          assert.ok(
            same(csv[i]![name]!, row[name]),
            `row ${i} ${name}: ${csv[i]![name]} vs ${String(row[name])}`,
          );
      });
      const all = await server.as('owner', {
        method: 'GET',
        url: `/api/experiments/${experimentId}/export?format=parquet`,
      });
      assert.equal((await readParquet(all.rawPayload)).rows.length, 7446 + 13, 'without fileId: every file');
    });

    test('a file the experiment does not have is 404 on fileId; a reader of a private experiment gets 404', async () => {
      const missing = await server.as('owner', {
        method: 'GET',
        url: `/api/experiments/${experimentId}/export?format=parquet&fileId=999999`,
      });
      assert.equal(missing.statusCode, 404);
      assert.equal(missing.json<{ field: string }>().field, 'fileId');
      const reader = await server.as('reader', {
        method: 'GET',
        url: `/api/experiments/${experimentId}/export?format=parquet`,
      });
      assert.equal(reader.statusCode, 404);
    });

    test('a million samples stream out as CSV and as Parquet with the heap flat in the size of the data', async () => {
      const id = await server.experiment({ title: 'a million samples' });
      const imported = await upload(server, 'owner', id, 'million.csv', syntheticCyclerCsvChunks(RUN));
      assert.equal(imported.statusCode, 201, imported.body);
      const address = await server.app.listen({ port: 0, host: '127.0.0.1' });
      const token = (
        await server.authz.createApiToken(server.userIds.owner, { name: 'export', expiresAt: null })
      ).token;

      /**
       * Streams a download to a file and measures the live heap (after a full collection) every
       * 4 MiB received: what the export keeps, not the garbage a collector has yet to take.
       */
      const download = async (format: 'csv' | 'parquet') => {
        const target = path.join(dir, `million.${format}`);
        gc();
        const baseline = process.memoryUsage().heapUsed;
        let peak = baseline;
        const response = await fetch(`${address}/api/experiments/${id}/export?format=${format}`, {
          headers: { authorization: `Bearer ${token}` },
        });
        assert.equal(response.status, 200);
        const out = createWriteStream(target);
        let size = 0;
        let nextProbe = 0;
        for await (const chunk of Readable.fromWeb(response.body as never) as AsyncIterable<Buffer>) {
          size += chunk.length;
          if (!out.write(chunk)) await once(out, 'drain');
          if (size >= nextProbe) {
            gc();
            peak = Math.max(peak, process.memoryUsage().heapUsed);
            nextProbe += 4 * MiB;
          }
        }
        await new Promise((resolve) => out.end(resolve));
        console.log(
          `[${dialect}] ${POINTS.toLocaleString('en')} samples as ${format}: ${(size / MiB).toFixed(1)} MiB; ` +
            `live heap ${Math.round(baseline / MiB)} → at most ${Math.round(peak / MiB)} MiB while streaming`,
        );
        return { target, size, growth: peak - baseline };
      };

      const csv = await download('csv');
      const parquet = await download('parquet');
      // The samples as JavaScript objects would take several hundred MiB; the CSV is ~73 MiB.
      for (const [format, run] of [
        ['csv', csv],
        ['parquet', parquet],
      ] as const)
        assert.ok(
          run.growth < 48 * MiB,
          `${format}: the live heap grew by ${Math.round(run.growth / MiB)} MiB`,
        );
      assert.ok(csv.size > 60 * MiB, `the CSV is ${Math.round(csv.size / MiB)} MiB`);
      assert.ok(parquet.size < csv.size / 2, 'Parquet is compressed');

      const file = await asyncBufferFromFile(parquet.target);
      const meta = await parquetMetadataAsync(file);
      assert.equal(Number(meta.num_rows), POINTS);
      assert.ok(meta.row_groups.length >= POINTS / 50_000, 'written a row group at a time');
      // The first and last thousand samples agree with the CSV's.
      const lines = readFileSync(csv.target, 'utf8').split('\r\n');
      assert.equal(lines.length, POINTS + 2, 'header, a million lines, and the final CRLF');
      for (const rowStart of [0, POINTS - 1000]) {
        const rows = (await parquetReadObjects({ file, rowStart, rowEnd: rowStart + 1000 })) as Record<
          string,
          unknown
        >[];
        rows.forEach((row, i) => {
          const fields = lines[rowStart + i + 1]!.split(',');
          CSV_HEADER.forEach((name, j) =>
            assert.ok(same(fields[j]!, row[name]), `sample ${rowStart + i} ${name}`),
          );
        });
      }
    });
  });
}
