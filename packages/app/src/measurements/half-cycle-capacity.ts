/**
 * The capacity passed so far in one direction (charge or discharge) of one cycle, in time order,
 * from the cycler's own counter — the x of a voltage–capacity curve.
 *
 * Stored counters are "within cycle" (`cycler/normalise/within-cycle-counter.ts`): per-cycle
 * counters run on, per-step ones restart at a step boundary after a rest (Neware's and Maccor's
 * top-up steps at lower current start again from zero). Plotting the counter itself therefore
 * draws a top-up step back at zero, on top of the main curve; a scientist reads the half-cycle as
 * one curve whose capacity keeps growing. So this sums the counter's increments:
 * - within a step, by how much it rose (a dip is noise, never negative capacity);
 * - at a new step, by how much it rose if it ran on, else by its value (it restarted from zero).
 *
 * `from-counter`: the first sample keeps the counter's value, so a file that starts in the middle
 * of a charge starts its curve where the cycler's count stood (as the cycle summary does).
 * `from-zero`: a second charge within the same cycle counts from its own start.
 */
export class HalfCycleCapacity {
  readonly #start: 'from-counter' | 'from-zero';
  #total: number | null = null;
  #last = 0;
  #step: number | null = null;

  constructor(start: 'from-counter' | 'from-zero' = 'from-counter') {
    this.#start = start;
  }

  /** Adds one sample of this direction; returns the capacity passed up to it (Ah). */
  next(counterAh: number, step: number | null): number {
    if (this.#total === null) this.#total = this.#start === 'from-zero' ? 0 : Math.max(0, counterAh);
    else if (step === this.#step) this.#total += Math.max(0, counterAh - this.#last);
    else this.#total += counterAh >= this.#last ? counterAh - this.#last : Math.max(0, counterAh);
    this.#last = counterAh;
    this.#step = step;
    return this.#total;
  }

  /** Capacity passed so far (0 before the first sample). */
  get total(): number {
    return this.#total ?? 0;
  }
}
