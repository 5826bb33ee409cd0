import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { M4Downsampler, type SampleValues } from '../../src/measurements/downsample.ts';

/** [time, voltage] samples: a slow sine with one spike at `spikeAt`. */
function series(n: number, spikeAt: number): SampleValues[] {
  return Array.from({ length: n }, (_, i) => [i, i === spikeAt ? 9.9 : 3.5 + Math.sin(i / 1000)]);
}

function run(rows: readonly SampleValues[], maxPoints: number, valueIndexes = [1]): SampleValues[] {
  const m4 = new M4Downsampler({ total: rows.length, maxPoints, valueIndexes });
  for (const row of rows) m4.push(row);
  return m4.finish();
}

describe('M4 downsampling', () => {
  test('never returns more than maxPoints, whatever the sizes', () => {
    for (const n of [0, 1, 7, 100, 999, 1000, 1001, 12_345, 100_000])
      for (const maxPoints of [4, 5, 10, 999, 1000, 2000]) {
        const out = run(series(n, Math.floor(n / 3)), maxPoints);
        assert.ok(out.length <= maxPoints, `${n} samples, ${maxPoints} points → ${out.length}`);
        if (n <= maxPoints) assert.equal(out.length, n, 'a small series comes back whole');
      }
  });

  test('keeps every bucket’s extremes, so a one-sample spike survives 100,000 → 1,000', () => {
    const rows = series(100_000, 54_321);
    const out = run(rows, 1000);
    // 250 buckets of ≤ 4 samples; where the first sample is also the minimum, fewer are needed.
    assert.ok(out.length >= 500, `${out.length} points`);
    assert.ok(
      out.some((r) => r[1] === 9.9),
      'the spike is kept',
    );
    const voltages = rows.map((r) => r[1] as number).filter((v) => v !== 9.9);
    const kept = out.map((r) => r[1] as number);
    assert.equal(Math.min(...kept), Math.min(...voltages), 'the global minimum is kept');
  });

  test('returns real samples in their original order, the first and the last included', () => {
    const rows = series(50_000, 10);
    const out = run(rows, 500);
    const times = out.map((r) => r[0] as number);
    assert.deepEqual(
      times,
      [...times].sort((a, b) => a - b),
    );
    assert.equal(times[0], 0);
    assert.equal(times.at(-1), 49_999);
    for (const r of out) assert.deepEqual(r, rows[r[0] as number], 'no averaged or invented values');
  });

  test('with several plotted values, each keeps its own extremes', () => {
    const rows: SampleValues[] = Array.from({ length: 20_000 }, (_, i) => [
      i,
      i === 777 ? -5 : 3.3,
      i === 15_000 ? 42 : null, // a value missing almost everywhere (NULL) is still enveloped
    ]);
    const out = run(rows, 600, [1, 2]);
    assert.ok(out.length <= 600);
    assert.ok(out.some((r) => r[1] === -5));
    assert.ok(out.some((r) => r[2] === 42));
  });

  test('refuses a budget too small for the values plotted', () => {
    assert.equal(M4Downsampler.minPoints(1), 4);
    assert.throws(() => new M4Downsampler({ total: 10, maxPoints: 5, valueIndexes: [1, 2] }), RangeError);
  });
});
