/**
 * The overview pyramid (issue 25): for every bucket of 256, 4,096 and 65,536 samples, the kept
 * samples include the bucket's first and last sample and, for every measured column, a sample
 * where it is smallest and one where it is largest — so a plot from a level shows the same
 * envelope as one from every sample, and every point is a real sample.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { FileBlockWriter } from '../../src/measurements/block-writer.ts';
import { overviewLevel } from '../../src/measurements/find-timeseries.ts';
import { OVERVIEW_BUCKETS } from '../../src/measurements/overview-pyramid.ts';
import { BLOCK_COLUMNS, decodeBlock, valueAt } from '../../src/measurements/sample-codec.ts';

type Values = (number | null)[];

/** Every level's kept samples, by seq, decoded from the blocks written. */
function pyramid(samples: readonly Values[]): Map<number, Map<number, Values>> {
  const writer = new FileBlockWriter();
  samples.forEach((values, i) => writer.pushValues(i + 1, values));
  const levels = new Map<number, Map<number, Values>>();
  for (const block of [...writer.take(), ...writer.finish()]) {
    if (block.level === 0) continue;
    const decoded = decodeBlock(block.data);
    const kept = levels.get(block.level) ?? new Map<number, Values>();
    for (let i = 0; i < decoded.count; i++)
      kept.set(
        decoded.seqs![i]!,
        BLOCK_COLUMNS.map((c) => valueAt(decoded.columns[c], i)),
      );
    levels.set(block.level, kept);
  }
  return levels;
}

const sampleValues = fc.array(
  fc.oneof(
    fc.integer({ min: -1000, max: 1000 }).map((n) => n / 8),
    fc.constant(null),
  ),
  { minLength: BLOCK_COLUMNS.length, maxLength: BLOCK_COLUMNS.length },
);

describe('overview pyramid', () => {
  test('each bucket keeps its first, last and every column’s extremes, as real samples (property)', () => {
    fc.assert(
      fc.property(fc.array(sampleValues, { minLength: 1, maxLength: 9000 }), (raw) => {
        // Time is never NULL in a stored sample.
        const samples = raw.map((v, i) => [i / 2, ...v.slice(1)]);
        const levels = pyramid(samples);
        OVERVIEW_BUCKETS.forEach((size, index) => {
          const kept = levels.get(index + 1)!;
          for (const [seq, values] of kept)
            assert.deepEqual(values, samples[seq - 1], `level ${index + 1} seq ${seq}`);
          for (let start = 0; start < samples.length; start += size) {
            const bucket = samples.slice(start, start + size);
            const seqs = [...kept.keys()].filter((s) => s > start && s <= start + size);
            assert.ok(seqs.length <= 2 + 2 * (BLOCK_COLUMNS.length - 1), `${seqs.length} kept of one bucket`);
            assert.ok(seqs.includes(start + 1) && seqs.includes(start + bucket.length), 'first and last');
            for (let c = 1; c < BLOCK_COLUMNS.length; c++) {
              const present = bucket.map((v) => v[c]).filter((v): v is number => v !== null);
              if (present.length === 0) continue;
              const values = seqs.map((s) => samples[s - 1]![c]).filter((v): v is number => v !== null);
              assert.equal(Math.min(...values), Math.min(...present), `${BLOCK_COLUMNS[c]} smallest`);
              assert.equal(Math.max(...values), Math.max(...present), `${BLOCK_COLUMNS[c]} largest`);
            }
          }
        });
      }),
      { numRuns: 30 },
    );
  });

  test('a plot reads the coarsest level whose buckets are no larger than its own', () => {
    // 2,000 points of two fields: 333 buckets.
    assert.equal(overviewLevel(50_000, 333), 0);
    assert.equal(overviewLevel(300_000, 333), 1);
    assert.equal(overviewLevel(3_000_000, 333), 2);
    assert.equal(overviewLevel(100_000_000, 333), 3);
  });
});
