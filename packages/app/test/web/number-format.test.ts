/**
 * Numbers as the pages write them: a column of capacities shares its decimals, and its largest
 * value keeps four significant digits (so 1.130 sits under 1.138, never "1.13").
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { decimalsFor, formatBytes, formatFixed, formatSignificant } from '../../src/web/pages/format.tsx';

const significantDigits = (text: string): number => text.replace(/[^\d]/g, '').replace(/^0+/, '').length;

describe('number formats of the pages', () => {
  test('a column: every row has the same decimals; the largest value has four significant digits', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0.001, max: 99_999, noNaN: true }), { minLength: 1, maxLength: 20 }),
        (values) => {
          const decimals = decimalsFor(values);
          const texts = values.map((v) => formatFixed(v, decimals));
          const fractions = new Set(texts.map((t) => t.split('.')[1]?.length ?? 0));
          assert.equal(fractions.size, 1, texts.join(' '));
          const largest = formatFixed(Math.max(...values), decimals);
          // Rounding up to the next power of ten (9.9996 → 10.000) gives one digit more.
          assert.ok([4, 5].includes(significantDigits(largest)) || decimals === 0, largest);
        },
      ),
    );
  });

  test('the cases a scientist reads', () => {
    assert.deepEqual(
      [3.033, 1.13, 0.9653].map((v) => formatFixed(v, decimalsFor([3.033, 1.13, 0.9653]))),
      ['3.033', '1.130', '0.965'],
    );
    assert.equal(decimalsFor([0.261, 0.507]), 4);
    assert.equal(decimalsFor([]), 0, 'an empty column');
    assert.equal(decimalsFor([null, 0]), 0, 'no values');
    assert.equal(formatSignificant(4.2), '4.200');
    assert.equal(formatSignificant(330.66), '330.7');
    assert.equal(formatSignificant(12345), '12,350');
    assert.equal(formatSignificant(null), '—');
    assert.equal(formatFixed(Number.NaN, 2), '—');
  });

  test('sizes: one decimal where it says something', () => {
    assert.equal(formatBytes(512 * 2 ** 20), '512 MiB');
    assert.equal(formatBytes(1.8 * 2 ** 20), '1.8 MiB');
    assert.equal(formatBytes(558_899), '545.8 KiB');
    assert.equal(formatBytes(900), '900 B');
  });
});
