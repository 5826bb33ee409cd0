/**
 * isoTime is `toISOString` made faster for the list (issue 25): the same string for every time,
 * in the fast range (whole milliseconds, 1970–9999) and outside it (before 1970, six-digit
 * years, fractions of a millisecond), and the same RangeError for a time that is not one.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { isoTime } from '../../src/server/presenters/iso-time.ts';

const MAX_TIME = 8.64e15;

test('isoTime equals toISOString for every whole millisecond 1970–9999', () => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 253_402_300_799_999 }), (ms) => {
      assert.equal(isoTime(ms), new Date(ms).toISOString());
    }),
    { numRuns: 20_000 },
  );
});

test('isoTime equals toISOString at the edges of days, years and its fast range', () => {
  const edges = [0, 1, 999, 1000, 59_999, 86_399_999, 86_400_000, 951_782_400_000, 253_402_300_799_999];
  for (const ms of [...edges, 253_402_300_800_000, -1, -86_400_001, MAX_TIME, -MAX_TIME])
    assert.equal(isoTime(ms), new Date(ms).toISOString());
});

test('isoTime equals toISOString for any valid time, fractions and negative times included', () => {
  fc.assert(
    fc.property(fc.double({ min: -MAX_TIME, max: MAX_TIME, noNaN: true }), (ms) => {
      assert.equal(isoTime(ms), new Date(ms).toISOString());
    }),
    { numRuns: 5_000 },
  );
});

test('isoTime throws RangeError for what is not a time, as toISOString does', () => {
  for (const ms of [Number.NaN, Infinity, -Infinity, MAX_TIME + 1])
    assert.throws(() => isoTime(ms), RangeError);
});
