/**
 * SPEC §7 (issue 13): a long import never locks other users out. While a 300,000-sample file
 * is imported, other users' small writes and sign-ins all succeed (no 500, no "database is
 * locked"), reads go on, and they complete while the import is still running — on SQLite
 * because the import writes in short transactions, each at most one parser batch's blocks, which
 * this test counts: the bounded wait is shown by what each transaction holds, not by a stopwatch.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { syntheticCyclerCsvChunks } from '../../src/cycler/index.ts';
import type { WriteTransactionInfo } from '../../src/db/sqlite-read-write-dialect.ts';
import { SQLITE_CHUNK_SAMPLES } from '../../src/imports/sqlite-sample-sink.ts';
import { OVERVIEW_BUCKETS } from '../../src/measurements/overview-pyramid.ts';
import { BLOCK_SAMPLES } from '../../src/measurements/sample-blocks.ts';
import { DIALECTS } from '../../../../test-support/databases.ts';
import { dataServer, type DataServer, upload } from './support/data-server.ts';

const RUN = { cycles: 30, pointsPerHalfCycle: 5000, capacityAh: 2, fadePerCycle: 0.001, seed: 13 };
const POINTS = RUN.cycles * 2 * RUN.pointsPerHalfCycle;

for (const dialect of DIALECTS) {
  describe(`other users during a large import (${dialect})`, () => {
    let server: DataServer;
    const transactions: WriteTransactionInfo[] = [];
    before(
      async () =>
        (server = await dataServer(dialect, {}, { onWriteTransaction: (info) => transactions.push(info) })),
    );
    after(() => server.close());

    test('small writes, sign-ins and reads all succeed while it runs; no write transaction holds more than one batch', async () => {
      const target = await server.experiment({ title: 'a long import' });
      const other = await server.experiment({ title: 'someone else’s work' });
      transactions.length = 0;
      let importing = true;
      const uploaded = upload(server, 'owner', target, 'long.csv', syntheticCyclerCsvChunks(RUN)).finally(
        () => (importing = false),
      );
      const failures: string[] = [];
      const during = { writes: 0, signIns: 0, reads: 0 };
      for (let round = 0; importing; round += 1) {
        const write = await server.as('owner', {
          method: 'PATCH',
          url: `/api/experiments/${other}`,
          payload: { description: `edit ${round}` },
        });
        const signIn = await server.app.inject({
          method: 'POST',
          url: '/api/auth/login',
          payload: { username: 'carl', password: 'carl-password' },
        });
        const read = await server.as('maintainer', {
          method: 'GET',
          url: `/api/experiments/${target}/imports`,
        });
        for (const [name, response] of [
          ['write', write],
          ['sign-in', signIn],
          ['read', read],
        ] as const)
          if (response.statusCode >= 300) failures.push(`${name}: ${response.statusCode} ${response.body}`);
        if (importing) {
          during.writes += write.statusCode === 200 ? 1 : 0;
          during.signIns += signIn.statusCode === 200 ? 1 : 0;
          during.reads += read.statusCode === 200 ? 1 : 0;
        }
      }
      const response = await uploaded;
      assert.equal(response.statusCode, 201, response.body);
      assert.equal(response.json<{ file: { points: number } }>().file.points, POINTS);
      assert.deepEqual(failures, [], 'no request failed during the import');
      // Not a rate: only that the import did not keep everyone waiting until it finished.
      for (const [kind, count] of Object.entries(during))
        assert.ok(count >= 3, `${count} ${kind} completed while the import ran`);

      if (dialect === 'sqlite') {
        // One parser batch (SQLITE_CHUNK_SAMPLES) completes at most two blocks of every sample
        // and one block of each overview level.
        const perBatch = Math.ceil(SQLITE_CHUNK_SAMPLES / BLOCK_SAMPLES) + 1 + OVERVIEW_BUCKETS.length;
        // The largest is the cycle summaries' (one row per cycle, at most 500 per transaction).
        const largest = Math.max(...transactions.map((t) => t.rowsChanged));
        assert.ok(largest <= Math.max(perBatch, RUN.cycles), `a write transaction changed ${largest} rows`);
        const blockWrites = transactions.filter((t) => t.rowsChanged !== RUN.cycles);
        const largestBlocks = Math.max(...blockWrites.map((t) => t.rowsChanged));
        assert.ok(largestBlocks <= perBatch, `a write transaction stored ${largestBlocks} blocks`);
        const blocks = Math.floor(POINTS / BLOCK_SAMPLES);
        const written = transactions.filter((t) => t.rowsChanged >= 1).length;
        assert.ok(written >= blocks / 2, `${written} transactions wrote ${blocks} blocks and the rest`);
      }
    });
  });
}
