/**
 * dQ/dV by voltage bins over every sample (`measurements/differential-capacity.ts`): the
 * integral is the capacity counted, sparse samples leave no holes, peaks stay where they are,
 * constant-voltage holds are left out.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import {
  type DifferentialCurve,
  DifferentialCapacity,
  trimTails,
  type VoltageBins,
} from '../../src/measurements/differential-capacity.ts';

const BINS: VoltageBins = { lowV: 3.0, widthV: 0.005, count: 200 };

/** Feeds samples [capacityAh, voltageV, currentA, startsSegment]. */
function dqdv(samples: [number, number, number, boolean][], bins = BINS): DifferentialCurve {
  const d = new DifferentialCapacity(bins);
  for (const [q, v, a, starts] of samples) d.push(q, v, a, starts);
  return d.finish();
}

const integral = (c: DifferentialCurve, bins = BINS) =>
  c.dqdvAhPerV.reduce((sum, d) => sum + d * bins.widthV, 0);

const peakAt = (c: DifferentialCurve) => c.voltageV[c.dqdvAhPerV.indexOf(Math.max(...c.dqdvAhPerV))]!;

/** A CC charge of `capacity` Ah from 3.0 to 4.0 V along Q(V), `n` samples. */
function charge(q: (v: number) => number, n: number): [number, number, number, boolean][] {
  return Array.from({ length: n }, (_, i) => {
    const v = 3.0 + (i / (n - 1)) * 1.0;
    return [q(v), v, 0.5, i === 0];
  });
}

describe('differential capacity', () => {
  test('a straight Q(V) sampled every 0.17 V gives a flat dQ/dV with no empty bins', () => {
    const curve = dqdv(charge((v) => 2 * (v - 3), 7));
    const inside = curve.dqdvAhPerV.slice(4, -4);
    for (const d of inside) assert.ok(Math.abs(d - 2) < 1e-9, `${d} Ah/V`);
    assert.ok(Math.abs(integral(curve) - 2) < 1e-9);
  });

  test('a peak stays where the electrode has it', () => {
    // Q(V) an S-curve with its steepest point at 3.42 V.
    const q = (v: number) => 1 / (1 + Math.exp(-(v - 3.42) / 0.01));
    const curve = dqdv(charge(q, 2000));
    assert.ok(Math.abs(peakAt(curve) - 3.42) <= BINS.widthV, `peak at ${peakAt(curve)}`);
  });

  test('a constant-voltage hold is left out, whether its own step or the tail of the CC step', () => {
    const cc = charge((v) => v - 3, 100);
    const tail = (startsSegment: boolean): [number, number, number, boolean][] =>
      Array.from({ length: 50 }, (_, i) => [
        1 + (i + 1) * 0.002,
        4.0,
        0.45 * Math.exp(-i / 10),
        startsSegment && i === 0,
      ]);
    for (const ownStep of [false, true]) {
      const curve = dqdv([...cc, ...tail(ownStep)]);
      assert.ok(
        Math.abs(integral(curve) - 1) < 1e-9,
        `${ownStep ? 'own step' : 'same step'}: ${integral(curve)}`,
      );
    }
  });

  test('a one-sample current spike at the start of a step does not make the step a hold', () => {
    const samples = charge((v) => v - 3, 100).map(([q, v, , s], i): [number, number, number, boolean] => [
      q,
      v,
      i === 0 ? 0.5 : 0.474,
      s,
    ]);
    assert.ok(Math.abs(integral(dqdv(samples)) - 1) < 1e-9);
  });

  test('its integral is the capacity gained outside holds, for any samples (no capacity lost or made up)', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            fc.double({ min: 0, max: 0.01, noNaN: true }),
            fc.double({ min: 2.9, max: 4.1, noNaN: true }),
            fc.boolean(),
          ),
          { minLength: 2, maxLength: 80 },
        ),
        (steps) => {
          let q = 0;
          // Constant current, voltage swinging by about a volt, no segment of one sample: no hold.
          const last = steps.length - 1;
          const samples = steps.map(([gain, v, starts], i): [number, number, number, boolean] => {
            q += i === 0 ? 0 : gain;
            return [q, i % 2 === 0 ? 3.0 : 4.0 - (v - 2.9) / 100, 1, starts && i % 2 === 1 && i < last];
          });
          const d = new DifferentialCapacity(BINS);
          for (const [cq, v, a, s] of samples) d.push(cq, v, a, s);
          const total = integral(d.finish());
          assert.ok(Math.abs(total - q) <= 1e-9 * Math.max(1, q), `${total} vs ${q}`);
        },
      ),
    );
  });

  test('trimming drops only the negligible tails a plot would stretch to', () => {
    const curve = trimTails({ voltageV: [1, 2, 3, 4, 5], dqdvAhPerV: [0.001, 0, 5, 3, 0.0001] });
    assert.deepEqual(curve, { voltageV: [3, 4], dqdvAhPerV: [5, 3] });
    assert.deepEqual(trimTails({ voltageV: [1], dqdvAhPerV: [0] }), { voltageV: [], dqdvAhPerV: [] });
    const discharge = trimTails({ voltageV: [1, 2, 3], dqdvAhPerV: [-0.00001, -4, -1] });
    assert.deepEqual(discharge.voltageV, [2, 3]);
  });
});
