/**
 * Uploads at the same time, to one experiment and to others: every one is stored whole and on
 * its own (SQLite queues them for its single writer instead of failing on the busy timeout;
 * PostgreSQL runs them side by side), and reading goes on while they run.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { syntheticCyclerCsv } from '../../src/cycler/index.ts';
import { DIALECTS } from '../../../../test-support/databases.ts';
import { dataRowCounts, dataServer, type DataServer, upload } from './support/data-server.ts';

const files = [1, 2, 3, 4].map((seed) =>
  syntheticCyclerCsv({ cycles: 10, pointsPerHalfCycle: 1000 * seed, capacityAh: 1, fadePerCycle: 0, seed }),
);
const samples = (i: number) => 10 * 2 * 1000 * (i + 1);

for (const dialect of DIALECTS) {
  describe(`concurrent uploads (${dialect})`, () => {
    let server: DataServer;
    before(async () => (server = await dataServer(dialect)));
    after(() => server.close());

    test('four at once, two into the same experiment: all stored, none mixed up', async () => {
      const shared = await server.experiment({ title: 'shared' });
      const own = await server.experiment({ title: 'own' });
      const targets = [shared, shared, own, await server.experiment({ title: 'third' })];
      const uploads = files.map((csv, i) => upload(server, 'owner', targets[i]!, `cell-${i}.csv`, csv));
      // Reading goes on meanwhile.
      const read = await server.as('owner', { method: 'GET', url: `/api/experiments/${own}/cycles` });
      assert.equal(read.statusCode, 200);
      const responses = await Promise.all(uploads);
      for (const [i, response] of responses.entries()) {
        assert.equal(response.statusCode, 201, response.body);
        assert.equal(response.json<{ file: { points: number } }>().file.points, samples(i));
      }
      const counts = await dataRowCounts(server.connection);
      assert.equal(
        counts.samples,
        [0, 1, 2, 3].reduce((n, i) => n + samples(i), 0),
      );
      assert.equal(counts.data_file, 4);
      const series = await server.as('owner', {
        method: 'GET',
        url: `/api/experiments/${shared}/timeseries?fields=fileId,seq&points=100000`,
      });
      const { columns } = series.json<{ columns: { fileId: number[]; seq: number[] } }>();
      assert.equal(columns.seq.length, samples(0) + samples(1));
      const fileIds = [...new Set(columns.fileId)];
      assert.equal(fileIds.length, 2, 'two files in the shared experiment');
      for (const id of fileIds) {
        const seqs = columns.seq.filter((_, k) => columns.fileId[k] === id);
        assert.deepEqual(
          seqs,
          Array.from({ length: seqs.length }, (_, k) => k + 1),
          'each file numbered 1…n',
        );
      }
    });
  });
}
