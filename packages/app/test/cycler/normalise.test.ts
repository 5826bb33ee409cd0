import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CycleFromCurrent } from '../../src/cycler/normalise/cycle-from-current.ts';
import { WithinCycleCounter } from '../../src/cycler/normalise/within-cycle-counter.ts';
import { near } from './support.ts';

/** Feeds [cycle, step, raw] rows and returns the normalised values. */
function run(rows: [number, number, number | null][]): (number | null)[] {
  const counter = new WithinCycleCounter();
  return rows.map(([cycle, step, raw]) => counter.next(cycle, step, raw));
}

describe('WithinCycleCounter', () => {
  it('passes per-cycle counters through, including a first cycle that starts mid-way', () => {
    assert.deepEqual(
      run([
        [1, 10, 0.88],
        [1, 11, 0.9],
        [1, 12, 1.07],
        [1, 13, 1.07],
        [2, 7, 0],
        [2, 8, 0.5],
      ]),
      [0.88, 0.9, 1.07, 1.07, 0, 0.5],
    );
  });

  it('chains per-step counters over consecutive steps of the same direction (CC then CV)', () => {
    const out = run([
      [0, 4, 0.1],
      [0, 4, 3.9],
      [0, 5, 0.01],
      [0, 5, 0.5],
      [0, 6, 0], // discharge step: the charge counter stands still
      [0, 6, 0],
      [0, 7, 0],
    ]);
    [0.1, 3.9, 3.91, 4.4, 4.4, 4.4].forEach((v, i) => near(out[i], v, 1e-12, `row ${i}`));
    near(Math.max(...out.map((v) => v ?? 0)), 4.4, 1e-12, 'cycle charge');
  });

  it('starts a new run after a rest, so the cycle reports its largest continuous run', () => {
    const out = run([
      [1, 2, 0.01],
      [1, 2, 4.68],
      [1, 3, 0], // rest
      [1, 3, 0],
      [1, 4, 0.1],
      [1, 4, 0.28],
    ]);
    assert.deepEqual(out, [0.01, 4.68, 4.68, 4.68, 0.1, 0.28]);
  });

  it('measures a counter that never resets from the start of each cycle', () => {
    assert.deepEqual(
      run([
        [1, 1, 0],
        [1, 1, 2],
        [2, 2, 2],
        [2, 2, 3.5],
        [3, 3, 3.5],
        [3, 3, 5],
      ]),
      [0, 2, 0, 1.5, 0, 1.5],
    );
  });

  it('ignores a dip inside a step (no double counting)', () => {
    assert.deepEqual(
      run([
        [1, 1, 1],
        [1, 1, 0.999],
        [1, 1, 1.2],
      ]),
      [1, 0.999, 1.2],
    );
  });

  it('copes with a cycle number bumped one row before the counter resets', () => {
    assert.deepEqual(
      run([
        [1, 1, 2],
        [2, 1, 2],
        [2, 2, 0.1],
        [2, 2, 0.3],
      ]),
      [2, 0, 0.1, 0.3],
    );
  });

  it('keeps null for rows without a counter', () => {
    assert.deepEqual(
      run([
        [1, 1, null],
        [1, 1, 1],
      ]),
      [null, 1],
    );
  });
});

describe('CycleFromCurrent', () => {
  it('discharge-first half cell: rest + lithiation + delithiation is cycle 1', () => {
    const cycles = new CycleFromCurrent();
    const rows: [number, number][] = [
      [1, 0],
      [2, -2e-4],
      [2, -2e-4],
      [3, 2e-4],
      [2, -2e-4],
      [3, 2e-4],
    ];
    assert.deepEqual(
      rows.map(([step, current]) => cycles.next(step, current)),
      [1, 1, 1, 1, 2, 2],
    );
  });

  it('charge first, with rest steps and rest noise that do not start cycles', () => {
    const cycles = new CycleFromCurrent();
    const rows: [number, number][] = [
      [1, 1],
      [2, 3e-7], // rest noise, below 1 µA
      [3, -1],
      [4, -0.004], // rest noise, below 1 % of the cycling current
      [5, 1],
    ];
    assert.deepEqual(
      rows.map(([step, current]) => cycles.next(step, current)),
      [1, 1, 1, 1, 2],
    );
  });

  it('without step numbers, each change of sign is a new step', () => {
    const cycles = new CycleFromCurrent();
    assert.deepEqual(
      [1, 1, -1, -1, 0, 1, -1].map((i) => cycles.next(null, i)),
      [1, 1, 1, 1, 1, 2, 2],
    );
  });
});
