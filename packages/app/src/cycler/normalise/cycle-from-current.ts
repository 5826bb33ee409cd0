/**
 * Derives cycle numbers for files that have none (BDF without `cycle_count`): a cycle is the first
 * current direction the test uses followed by the opposite one, and a new cycle starts when a step
 * goes back to the first direction. So a discharge-first half-cell (SOURCES.md A7: rest, lithiation,
 * delithiation, lithiation…) gets cycle 1 = rest + lithiation + delithiation, cycle 2 = the next
 * lithiation. Rests belong to the cycle in progress. Derived cycles start at 1.
 *
 * A step's direction is the sign of its first significant current; "significant" is at least 1 µA
 * and at least 1 % of the largest current seen so far, so rest-step noise does not start cycles.
 * Without step numbers, each change of current sign counts as a new step.
 */
export class CycleFromCurrent {
  #cycle = 1;
  #firstDirection = 0;
  #seenOpposite = false;
  #step: number | null = null;
  #stepDecided = false;
  #lastDirection = 0;
  #maxAbs = 0;

  next(step: number | null, currentA: number): number {
    if (step !== null && step !== this.#step) {
      this.#step = step;
      this.#stepDecided = false;
    }
    const abs = Math.abs(currentA);
    if (abs > this.#maxAbs) this.#maxAbs = abs;
    if (abs < Math.max(1e-6, 0.01 * this.#maxAbs)) return this.#cycle;

    const direction = Math.sign(currentA);
    const newSegment = step === null ? direction !== this.#lastDirection : !this.#stepDecided;
    this.#lastDirection = direction;
    if (!newSegment) return this.#cycle;
    this.#stepDecided = true;

    if (this.#firstDirection === 0) {
      this.#firstDirection = direction;
    } else if (direction !== this.#firstDirection) {
      this.#seenOpposite = true;
    } else if (this.#seenOpposite) {
      this.#cycle += 1;
      this.#seenOpposite = false;
    }
    return this.#cycle;
  }
}
