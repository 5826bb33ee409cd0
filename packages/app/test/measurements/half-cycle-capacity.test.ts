/**
 * The capacity along one charge or discharge: the cycler's counter summed over its steps, never
 * running back (the x of a voltage–capacity curve, `measurements/half-cycle-capacity.ts`).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { HalfCycleCapacity } from '../../src/measurements/half-cycle-capacity.ts';

const run = (samples: [number, number | null][], start?: 'from-counter' | 'from-zero') => {
  const capacity = new HalfCycleCapacity(start);
  return samples.map(([counter, step]) => capacity.next(counter, step));
};

describe('capacity along a charge or discharge', () => {
  test('a per-step counter that restarts at a top-up step continues the curve', () => {
    // Neware: CC discharge to 4.68 mAh, a rest, then a 0.1 mA step whose counter starts at zero.
    const out = run([
      [0, 2],
      [0.002, 2],
      [0.00468, 2],
      [0, 4],
      [0.0001, 4],
      [0.00028, 4],
    ]);
    assert.deepEqual(
      out.map((q) => Number(q.toFixed(8))),
      [0, 0.002, 0.00468, 0.00468, 0.00478, 0.00496],
    );
  });

  test('a counter that runs on across steps (CC then CV, or per cycle) is taken as it is', () => {
    assert.deepEqual(
      run([
        [0.5, 1],
        [0.9, 1],
        [0.95, 2],
        [1.0, 2],
      ]),
      [0.5, 0.9, 0.95, 1.0],
    );
  });

  test('the first sample keeps the counter (a file starting mid-charge); a later charge starts at zero', () => {
    assert.equal(run([[0.88, 1]])[0], 0.88);
    assert.equal(run([[0.88, 1]], 'from-zero')[0], 0);
  });

  test('a dip within a step is noise, never negative capacity', () => {
    assert.deepEqual(
      run([
        [0.1, 1],
        [0.09, 1],
        [0.12, 1],
      ]),
      [0.1, 0.1, 0.13],
    );
  });

  test('whatever the counter does, the capacity never decreases and starts at or above zero', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(fc.double({ min: -1, max: 10, noNaN: true }), fc.option(fc.integer({ min: 1, max: 5 }))),
          {
            minLength: 1,
            maxLength: 60,
          },
        ),
        fc.constantFrom('from-counter' as const, 'from-zero' as const),
        (samples, start) => {
          const out = run(samples, start);
          assert.ok(out[0]! >= 0);
          for (let i = 1; i < out.length; i++) assert.ok(out[i]! >= out[i - 1]!, `sample ${i}`);
        },
      ),
    );
  });
});
