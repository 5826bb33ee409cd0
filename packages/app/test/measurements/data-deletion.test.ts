/**
 * An experiment's data goes with it (SPEC §3.6 for its grants; here for its data): deleting the
 * experiment deletes its files, their bytes, samples, cycles and import records, on every
 * dialect, and leaves other experiments' data alone. Samples follow their file through a
 * trigger rather than a foreign key (see the measurements migration), so this is tested.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { syntheticCyclerCsv } from '../../src/cycler/index.ts';
import { DIALECTS } from '../../../../test-support/databases.ts';
import { dataRowCounts, dataServer, type DataServer, upload } from '../imports/support/data-server.ts';

const CSV = syntheticCyclerCsv({
  cycles: 3,
  pointsPerHalfCycle: 50,
  capacityAh: 1,
  fadePerCycle: 0,
  seed: 4,
});

for (const dialect of DIALECTS) {
  describe(`deleting an experiment deletes its data (${dialect})`, () => {
    let server: DataServer;
    before(async () => (server = await dataServer(dialect)));
    after(() => server.close());

    test('files, bytes, samples, cycles and imports of that experiment only', async () => {
      const doomed = await server.experiment({ title: 'doomed' });
      const kept = await server.experiment({ title: 'kept' });
      for (const id of [doomed, doomed, kept])
        assert.equal(
          (await upload(server, 'owner', id, 'cell.csv', CSV, { allowDuplicate: true })).statusCode,
          201,
        );
      // A small file: one block per level (every sample, three overview levels).
      const one = { data_file: 1, data_file_chunk: 1, sample_block: 4, samples: 300, cycle_summary: 3 };
      assert.deepEqual(await dataRowCounts(server.connection), {
        data_file: 3 * one.data_file,
        data_file_chunk: 3 * one.data_file_chunk,
        sample_block: 3 * one.sample_block,
        samples: 3 * one.samples,
        cycle_summary: 3 * one.cycle_summary,
      });
      await server.authz.experiments.delete(sql`id = ${doomed}`);
      assert.deepEqual(await dataRowCounts(server.connection), one);
      const imports = await server.connection.db.selectFrom('data_import').select('experiment_id').execute();
      assert.deepEqual(
        imports.map((r) => r.experiment_id),
        [kept],
      );
      const left = await server.as('owner', { method: 'GET', url: `/api/experiments/${kept}/timeseries` });
      assert.equal(left.json<{ totalPoints: number }>().totalPoints, 300);
    });
  });
}
