/**
 * A million-row file streams: points arrive while the input is still being read, the parser never
 * reads far ahead of what it has delivered, and the summary is right. Heap use is logged, not
 * asserted (it depends on the garbage collector); the read-ahead bound is what proves streaming.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  CycleSummaryBuilder,
  parseCyclerFile,
  syntheticChargeAh,
  syntheticCyclerCsvChunks,
  syntheticDischargeAh,
  type SyntheticCyclerOptions,
} from '../../src/cycler/index.ts';
import { near } from './support.ts';

const RUN: SyntheticCyclerOptions = {
  cycles: 500,
  pointsPerHalfCycle: 1000,
  capacityAh: 1.1,
  fadePerCycle: 0.0004,
  seed: 42,
};
const ROWS = RUN.cycles * 2 * RUN.pointsPerHalfCycle;
const ROWS_PER_CHUNK = 1000; // syntheticCyclerCsvChunks yields 1,000 rows per chunk

describe('streaming', () => {
  it(`parses a ${ROWS.toLocaleString('en')}-row file in bounded memory`, async () => {
    let chunksRead = 0;
    let bytesRead = 0;
    async function* upload(): AsyncGenerator<Buffer> {
      for (const chunk of syntheticCyclerCsvChunks(RUN)) {
        chunksRead += 1;
        const bytes = Buffer.from(chunk);
        bytesRead += bytes.length;
        await Promise.resolve();
        yield bytes;
      }
    }

    const started = performance.now();
    let progressCalls = 0;
    let lastProgress = { bytes: 0, rows: 0 };
    const parsed = await parseCyclerFile(upload(), {
      batchSize: 5000,
      onProgress: (progress) => {
        progressCalls += 1;
        assert.ok(
          progress.rows >= lastProgress.rows && progress.bytes >= lastProgress.bytes,
          'progress only grows',
        );
        lastProgress = progress;
      },
    });
    assert.equal(parsed.kind, 'time-series');
    const builder = new CycleSummaryBuilder();
    let rows = 0;
    let maxReadAheadRows = 0;
    let bytesAtFirstBatch = 0;
    let peakHeap = 0;
    for await (const batch of parsed.batches) {
      rows += batch.length;
      if (bytesAtFirstBatch === 0) bytesAtFirstBatch = bytesRead;
      // Rows pulled from the input but not yet delivered as points (the first chunk holds the header too).
      maxReadAheadRows = Math.max(maxReadAheadRows, chunksRead * ROWS_PER_CHUNK - rows);
      builder.add(batch);
      if (rows % 100_000 === 0) peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
    }
    const seconds = (performance.now() - started) / 1000;
    console.log(
      `streamed ${rows} rows (${(bytesRead / 2 ** 20).toFixed(0)} MiB) in ${seconds.toFixed(1)} s ` +
        `(${Math.round(rows / seconds)} rows/s); read-ahead ≤ ${maxReadAheadRows} rows; ` +
        `peak heap sampled ${(peakHeap / 2 ** 20).toFixed(0)} MiB`,
    );

    assert.equal(rows, ROWS);
    assert.equal(parsed.stats.rows, ROWS);
    assert.equal(parsed.stats.bytes, bytesRead);
    assert.equal(progressCalls, ROWS / 5000);
    assert.deepEqual(lastProgress, { bytes: bytesRead, rows: ROWS });
    // Streaming: the first points come after a sliver of the input, and the parser stays close behind.
    assert.ok(bytesAtFirstBatch < 2 ** 20, `first batch after ${bytesAtFirstBatch} bytes`);
    assert.ok(maxReadAheadRows < 50_000, `read ahead ${maxReadAheadRows} rows`);

    const cycles = builder.finish();
    assert.equal(cycles.length, RUN.cycles);
    for (const cycle of [1, 2, 250, 500]) {
      const summary = cycles[cycle - 1];
      assert.equal(summary?.cycle, cycle);
      near(summary?.dischargeCapacityAh, syntheticDischargeAh(RUN, cycle), 1e-9, `Qdis ${cycle}`);
      near(summary?.chargeCapacityAh, syntheticChargeAh(RUN, cycle), 1e-9, `Qchg ${cycle}`);
      near(summary?.coulombicEfficiency, 0.999, 1e-6, `CE ${cycle}`);
    }
    near(cycles[499]?.dischargeCapacityAh, 1.1 * (1 - 0.0004) ** 499, 1e-8, 'fade');
  });

  it('a consumer that stops early releases the input stream', async () => {
    let released = false;
    let chunks = 0;
    async function* upload(): AsyncGenerator<Buffer> {
      try {
        for (const chunk of syntheticCyclerCsvChunks({ ...RUN, cycles: 50 })) {
          chunks += 1;
          await Promise.resolve();
          yield Buffer.from(chunk);
        }
      } finally {
        released = true;
      }
    }
    const parsed = await parseCyclerFile(upload(), { batchSize: 1000 });
    assert.equal(parsed.kind, 'time-series');
    for await (const batch of parsed.batches) {
      assert.equal(batch.length, 1000);
      break;
    }
    // Closing travels down the pipeline asynchronously (csv-parse, stream, decoder): give it turns.
    for (let turn = 0; turn < 1000 && !released; turn += 1)
      await new Promise((resolve) => setImmediate(resolve));
    assert.ok(released, 'the upload iterator was closed');
    assert.ok(chunks < 20, `read ${chunks} of 100 chunks`);
  });
});
