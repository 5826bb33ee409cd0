/**
 * The CSV export's number text (issue 25) is byte for byte `String(value)`, the text the export
 * wrote before it was made fast: over any double, decimals at every scale 0–12 (positive,
 * negative, tiny and huge, at the 15-digit edge where the fast path stops), −0, NaN, ±Infinity,
 * and whole blocks of columns with NULLs, written through one NumberText per column (its
 * remembered previous value and places) and one reused buffer taken out at random points.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { CsvBytes, NumberText, writeLines } from '../../src/measurements/csv-bytes.ts';
import type { ColumnValues } from '../../src/measurements/sample-codec.ts';

/** An integer of up to 16 digits over 10^k: what a cycler writes at k places, and beyond. */
const decimal = fc
  .tuple(
    fc.integer({ min: 0, max: 12 }),
    fc.integer({ min: 0, max: 16 }),
    fc.double({ min: -1, max: 1, noNaN: true }),
  )
  .map(([k, digits, f]) => Math.trunc(f * 10 ** digits) / 10 ** k);

/** Decimals, any double, magnitudes around the layout changes (10^-7, 10^-6, 10^15, 10^21) and specials. */
const value = fc.oneof(
  decimal,
  fc.double(),
  fc.double({ min: -1e-5, max: 1e-5 }),
  fc.double({ min: 1e14, max: 1e22 }),
  fc.integer({ min: -2_000_000, max: 2_000_000 }).map((n) => n / 1e7),
  fc.constantFrom(0, -0, NaN, Infinity, -Infinity, 1e-6, 1e-7, 5e-7, 999999999999999, 1e15, 2 ** 53),
);

/**
 * The values as one column's lines ending in `,` through one NumberText, in blocks split at
 * `splits` and each taken out of the one buffer, as the export goes from block to block.
 */
function written(values: readonly number[], splits: readonly number[] = []): string {
  const out = new CsvBytes(8);
  const text = [new NumberText()];
  const edges = [...new Set([0, ...splits.filter((s) => s < values.length), values.length])].sort(
    (a, b) => a - b,
  );
  let all = '';
  for (let b = 1; b < edges.length; b++) {
    const block = values.slice(edges[b - 1], edges[b]);
    writeLines(out, text, [{ values: Float64Array.from(block), nulls: null }], block.length, ',');
    all += out.take().toString('latin1');
  }
  return all;
}

/** The text the export wrote before: `String()` of each value, each line ending in `,`. */
const plain = (values: readonly number[]) => values.map((v) => `${String(v)},`).join('');

describe('CSV number text', () => {
  test('every value is written as String(value) (property)', () => {
    fc.assert(
      fc.property(fc.array(value, { maxLength: 60 }), fc.array(fc.nat(60)), (values, splits) => {
        assert.equal(written(values, splits), plain(values));
      }),
      { numRuns: 2000 },
    );
  });

  test('a column of decimals at one scale, repeating and changing scale, as String() (property)', () => {
    const column = fc
      .tuple(
        fc.integer({ min: 0, max: 12 }),
        fc.array(fc.integer({ min: -1e9, max: 1e9 }), { maxLength: 200 }),
      )
      .map(([k, ns]) => ns.flatMap((n) => [n / 10 ** k, n / 10 ** k, (n * 10) / 10 ** k]));
    fc.assert(
      fc.property(column, (values) => {
        assert.equal(written(values), plain(values));
      }),
      { numRuns: 300 },
    );
  });

  test('the edges of the layouts, one by one', () => {
    const edges = [
      [0, '0'],
      [-0, '0'],
      [1e-6, '0.000001'],
      [-1.5e-6, '-0.0000015'],
      [9.99e-7, '9.99e-7'],
      [1e-12, '1e-12'],
      [0.1 + 0.2, '0.30000000000000004'],
      [123456789012345, '123456789012345'],
      [1234567890123456, '1234567890123456'],
      [12345678.9, '12345678.9'],
      [-100, '-100'],
      [2.5e-3, '0.0025'],
      [1e21, '1e+21'],
      [-1.2345678901234567e-6, '-0.0000012345678901234567'],
    ] as const;
    for (const [v, text] of edges) assert.equal(written([v]), `${text},`, String(v));
  });

  test('lines of columns with NULLs are the String() lines (property)', () => {
    const cell = fc.option(value, { nil: null, freq: 4 });
    const lines = fc
      .integer({ min: 1, max: 10 })
      .chain((width) => fc.array(fc.array(cell, { minLength: width, maxLength: width }), { minLength: 1 }));
    fc.assert(
      fc.property(lines, fc.integer({ min: 1, max: 5 }), (rows, blocks) => {
        const width = rows[0]!.length;
        const texts = Array.from({ length: width }, () => new NumberText());
        const out = new CsvBytes(16);
        let got = '';
        // The rows as `blocks` blocks through the same texts and buffer, as the export reads them.
        const size = Math.ceil(rows.length / blocks);
        for (let start = 0; start < rows.length; start += size) {
          const block = rows.slice(start, start + size);
          const columns: ColumnValues[] = Array.from({ length: width }, (_, c) => {
            const values = Float64Array.from(block, (r) => r[c] ?? 0);
            const nulls = Uint8Array.from(block, (r) => (r[c] === null ? 1 : 0));
            return { values, nulls: nulls.includes(1) ? nulls : null };
          });
          writeLines(out, texts, columns, block.length, ',7\r\n');
          got += out.take().toString('latin1');
        }
        const expected = rows.map((r) => `${r.map((v) => (v === null ? '' : String(v))).join(',')},7\r\n`);
        assert.equal(got, expected.join(''));
      }),
      { numRuns: 500 },
    );
  });
});
