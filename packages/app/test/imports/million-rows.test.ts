/**
 * A 1,000,000-sample synthetic test uploaded as one streamed multipart body, on every dialect:
 * the file never exists in memory (the body is generated as it is sent, the server spools it and
 * parses it batch by batch), progress is visible while it arrives, the stored cycles are the
 * generator's and the import record's counters match what was stored. Heap and time are logged
 * for the record; neither progress timing nor time is asserted.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  syntheticChargeAh,
  syntheticCyclerCsvChunks,
  syntheticDischargeAh,
  type SyntheticCyclerOptions,
} from '../../src/cycler/index.ts';
import { DIALECTS } from '../../../../test-support/databases.ts';
import { dataServer, type DataServer, upload } from './support/data-server.ts';
import { gate, until } from '../support/wait.ts';

const RUN: SyntheticCyclerOptions = {
  cycles: 100,
  pointsPerHalfCycle: 5000,
  capacityAh: 2.5,
  fadePerCycle: 0.001,
  seed: 42,
};
const POINTS = RUN.cycles * 2 * RUN.pointsPerHalfCycle;
const MiB = 2 ** 20;

interface ImportItem {
  id: number;
  status: string;
  bytesReceived: number;
  bytesParsed: number;
  points: number;
  cycles: number;
  fileId: number | null;
}

for (const dialect of DIALECTS) {
  describe(`a million-sample import (${dialect})`, () => {
    let server: DataServer;
    let experimentId: number;
    before(async () => {
      server = await dataServer(dialect);
      experimentId = await server.experiment({ title: 'a million samples' });
    });
    after(() => server.close());

    test('streams in bounded memory, shows progress, stores every sample and cycle, and says what it did', async () => {
      global.gc?.();
      const baseline = process.memoryUsage().heapUsed;
      let peak = baseline;
      const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().heapUsed)), 50);
      const halfWay = gate();
      try {
        // The body stops after its first 8 MiB until the test has seen the import receiving it:
        // progress is checked at a point the upload cannot run past, whatever the machine's load.
        async function* body(): AsyncGenerator<string> {
          let sent = 0;
          for (const chunk of syntheticCyclerCsvChunks(RUN)) {
            yield chunk;
            sent += chunk.length;
            if (sent >= 8 * MiB && sent - chunk.length < 8 * MiB) await halfWay.wait;
          }
        }
        const started = Date.now();
        const uploaded = upload(server, 'owner', experimentId, 'million.csv', body());
        const receiving = await until(async () => {
          // Someone else following the import: the experiment's import list.
          const list = await server.as('maintainer', {
            method: 'GET',
            url: `/api/experiments/${experimentId}/imports`,
          });
          assert.equal(list.statusCode, 200, list.body);
          return list.json<{ items: ImportItem[] }>().items.find((i) => i.bytesReceived > 0);
        });
        assert.equal(receiving.status, 'receiving');
        halfWay.open();
        const response = await uploaded;
        const seconds = (Date.now() - started) / 1000;
        console.log(
          `[${dialect}] 1,000,000 samples imported over HTTP in ${seconds.toFixed(1)} s ` +
            `(${Math.round(POINTS / seconds).toLocaleString('en')} samples/s); ` +
            `heap ${Math.round(baseline / MiB)} → peak ${Math.round(peak / MiB)} MiB`,
        );
        assert.equal(response.statusCode, 201, response.body);
        const { file } = response.json<{
          file: { id: number; points: number; cycles: number; sizeBytes: number };
        }>();
        assert.equal(file.points, POINTS);
        assert.equal(file.cycles, RUN.cycles);
        // The file itself is ~75 MiB of text: holding it (or its samples) would need far more than this.
        assert.ok(peak - baseline < 256 * MiB, `heap grew by ${Math.round((peak - baseline) / MiB)} MiB`);
        assert.ok(file.sizeBytes > 70 * MiB, `the file is ${Math.round(file.sizeBytes / MiB)} MiB`);

        // The record says what the import did, as anyone following it sees it.
        const record = (
          await server.as('maintainer', { method: 'GET', url: `/api/imports/${receiving.id}` })
        ).json<ImportItem>();
        assert.deepEqual(
          {
            status: record.status,
            bytesReceived: record.bytesReceived,
            bytesParsed: record.bytesParsed,
            points: record.points,
            cycles: record.cycles,
            fileId: record.fileId,
          },
          {
            status: 'done',
            bytesReceived: file.sizeBytes,
            bytesParsed: file.sizeBytes,
            points: POINTS,
            cycles: RUN.cycles,
            fileId: file.id,
          },
        );
      } finally {
        halfWay.open();
        clearInterval(sampler);
      }

      const cycles = (
        await server.as('owner', { method: 'GET', url: `/api/experiments/${experimentId}/cycles` })
      ).json<{ items: { cycle: number; chargeCapacityAh: number; dischargeCapacityAh: number }[] }>().items;
      assert.equal(cycles.length, RUN.cycles);
      for (const c of [cycles[0]!, cycles[49]!, cycles[99]!]) {
        assert.ok(Math.abs(c.dischargeCapacityAh - syntheticDischargeAh(RUN, c.cycle)) < 1e-9);
        assert.ok(Math.abs(c.chargeCapacityAh - syntheticChargeAh(RUN, c.cycle)) < 1e-9);
      }

      const series = (
        await server.as('reader', {
          method: 'GET',
          url: `/api/experiments/${experimentId}/timeseries?fields=timeS,voltageV&points=2000`,
        })
      ).statusCode;
      assert.equal(series, 404, 'a private experiment is invisible to a reader');
      const plot = (
        await server.as('owner', {
          method: 'GET',
          url: `/api/experiments/${experimentId}/timeseries?fields=timeS,voltageV&points=2000`,
        })
      ).json<{
        totalPoints: number;
        points: number;
        downsampled: boolean;
        columns: { voltageV: number[] };
      }>();
      assert.equal(plot.totalPoints, POINTS);
      assert.ok(plot.downsampled && plot.points <= 2000 && plot.points > 1000, `${plot.points} points`);
    });
  });
}
