/**
 * The sample block codec (issue 25) is lossless: every value comes back as the very same double
 * (bit for bit: −0, NaN, subnormals, 17-digit values), NULLs stay NULL, and the overview blocks
 * keep their seqs. Numbers are science: a sample read back equals the cycler file's own figure.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import {
  BLOCK_COLUMNS,
  type DecodedBlock,
  decodeBlock,
  encodeBlock,
  valueAt,
} from '../../src/measurements/sample-codec.ts';

type Sample = (number | null)[];

function block(samples: readonly Sample[], seqs: number[] | null = null): DecodedBlock {
  const count = samples.length;
  const columns = Object.fromEntries(
    BLOCK_COLUMNS.map((name, c) => {
      const values = new Float64Array(count);
      const nulls = new Uint8Array(count);
      samples.forEach((s, i) => {
        if (s[c] === null) nulls[i] = 1;
        else values[i] = s[c]!;
      });
      return [name, { values, nulls: nulls.includes(1) ? nulls : null }];
    }),
  ) as DecodedBlock['columns'];
  return { count, seqs: seqs === null ? null : Float64Array.from(seqs), columns };
}

function assertSame(samples: readonly Sample[], decoded: DecodedBlock): void {
  assert.equal(decoded.count, samples.length);
  samples.forEach((s, i) =>
    BLOCK_COLUMNS.forEach((name, c) => {
      const got = valueAt(decoded.columns[name], i);
      assert.ok(Object.is(got, s[c]), `sample ${i} ${name}: ${String(got)} for ${String(s[c])}`);
    }),
  );
}

/** Cycler-like decimals (fixed places), any double, or NULL. */
const value = fc.oneof(
  fc.integer({ min: -5_000_000, max: 5_000_000 }).chain((n) => fc.constantFrom(n / 1e3, n / 1e6, n / 1e9, n)),
  fc.double(),
  fc.constantFrom(0, -0, Number.MIN_VALUE, Number.MAX_VALUE, 0.1 + 0.2, 2 ** 53, null),
);
const sample = fc.array(value, { minLength: BLOCK_COLUMNS.length, maxLength: BLOCK_COLUMNS.length });

describe('sample block codec', () => {
  test('every value comes back bit for bit, NULLs included (property)', () => {
    fc.assert(
      fc.property(fc.array(sample, { minLength: 1, maxLength: 300 }), (samples) => {
        assertSame(samples, decodeBlock(encodeBlock(block(samples))));
      }),
      { numRuns: 300 },
    );
  });

  test('the seqs of an overview block come back', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 1, max: 2 ** 40 }), { minLength: 1, maxLength: 100 }),
        (raw) => {
          const seqs = [...raw].sort((a, b) => a - b);
          const samples = seqs.map((s) => BLOCK_COLUMNS.map(() => s / 1000));
          const decoded = decodeBlock(encodeBlock(block(samples, seqs)));
          assert.deepEqual([...decoded.seqs!], seqs);
          assertSame(samples, decoded);
        },
      ),
    );
  });

  test('a smooth cycler signal of fixed decimals takes a few bytes a sample', () => {
    const samples: Sample[] = Array.from({ length: 4096 }, (_, i) => [
      Number((i * 7.207).toFixed(3)),
      1 + Math.floor(i / 2000),
      1,
      1.25,
      Number((3.2 + i / 10_000 + Math.sin(i) * 0.0005).toFixed(5)),
      Number((i * 0.0025).toFixed(9)),
      0,
      Number((i * 0.0073).toFixed(9)),
      0,
      null,
    ]);
    const bytes = encodeBlock(block(samples));
    assertSame(samples, decodeBlock(bytes));
    assert.ok(
      bytes.length / samples.length < 6,
      `${(bytes.length / samples.length).toFixed(2)} bytes a sample`,
    );
  });
});
