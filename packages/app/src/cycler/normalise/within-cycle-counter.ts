import type { CyclerPoint } from '../cycler-types.ts';

/**
 * Normalises a cycler's capacity or energy counter so that, within a cycle, its largest value is
 * the cycle's capacity (what CycleSummaryBuilder takes). Cyclers disagree on when counters reset:
 *
 * - per cycle (Arbin): passed through as the cycler keeps it;
 * - never (BDF 1.3 "since test start"): at a cycle boundary where the counter does not drop, the
 *   new cycle is measured from the value it had there;
 * - per step (Maccor "Amp-hr", Neware, BDF reference files): consecutive steps that both move the
 *   counter are chained (CC charge then CV charge reads as one charge of CC + CV, SOURCES.md A2);
 *   a step that does not move it (a rest, or the other direction) ends the run, and the next step
 *   starts again from zero, as on the cycler.
 *
 * So for per-step counters a cycle's capacity is its largest continuous run, unless the format
 * says its counters sum over the cycle's steps (`sumSteps`, Maccor): then every step that moved
 * the counter adds its final value, whatever lies between. This reproduces every
 * reference figure we have: Maccor's CC+CV charges, Neware's own cycle sheet and SOURCES.md A5
 * (cycle 1 discharges 4.68 mAh at 0.25 mA; the 0.1 and 0.05 mA top-up steps after rests are
 * separate runs), and the DOE Battery Data Hub's published per-cycle summary of the same cell
 * (A8 vs A9: HPPC pulses are separate runs). A cycle with several runs therefore reports its
 * largest, not their sum; that only happens in rate tests, HPPC and similar diagnostics.
 *
 * Resets are only recognised at step or cycle boundaries, so a counter that dips inside a step
 * (noise, a current that briefly changes sign) is never mistaken for a reset.
 *
 * The first cycle of a file keeps the counter as the cycler reports it. A file that starts in the
 * middle of a cycle (SOURCES.md A1: Arbin's first row already reads 0.88 Ah charged) therefore
 * reports that cycle's capacity as the cycler measured it, including charge passed before the file
 * starts — what the cycler's own statistics show, and the only way to get a sensible coulombic
 * efficiency for that cycle (measuring from the first row would give 0.19 Ah charged, CE 5.6).
 */
export class WithinCycleCounter {
  /**
   * Sum every step of the cycle that moved the counter (Maccor: a cycle's capacity is the sum of
   * its steps' final values, a charge split by rests included), instead of the largest run.
   */
  readonly #sumSteps: boolean;
  #cycle: number | null = null;
  #step: number | string | null = null;
  #last: number | null = null;
  /** Counter value on the first row of the current step. */
  #stepFirst = 0;
  /** What earlier steps of the current run reached (per-step counters only). */
  #banked = 0;
  /** Counter value at the start of this cycle, for counters that never reset. */
  #origin = 0;

  constructor(options: { sumSteps?: boolean } = {}) {
    this.#sumSteps = options.sumSteps === true;
  }

  /** `raw` is the cycler's counter on this row (null when the row has none). */
  next(cycle: number, step: number | string | null, raw: number | null): number | null {
    if (raw === null) return null;
    const last = this.#last;
    if (cycle !== this.#cycle) {
      const carriedOver = last !== null && last > 0 && raw >= last;
      this.#origin = carriedOver ? last : 0;
      this.#banked = 0;
      this.#stepFirst = raw;
    } else if (step !== this.#step && last !== null) {
      const previousMoved = last > this.#stepFirst;
      const dropped = raw < last;
      // Summing, a step's last value counts even when the step had a single row.
      if (dropped && (previousMoved || this.#sumSteps)) this.#banked += last - this.#origin;
      else if (!previousMoved && !this.#sumSteps) this.#banked = 0;
      if (dropped) this.#origin = 0;
      this.#stepFirst = raw;
    }
    // A counter below its origin was reset after all (the cycler bumped the cycle number one row
    // before zeroing the counter): measure from zero.
    if (raw < this.#origin) this.#origin = 0;
    this.#cycle = cycle;
    this.#step = step;
    this.#last = raw;
    return this.#banked + raw - this.#origin;
  }
}

/** The four counters of a point, normalised together. */
export class WithinCycleCounters {
  readonly #charge: WithinCycleCounter;
  readonly #discharge: WithinCycleCounter;
  readonly #chargeEnergy: WithinCycleCounter;
  readonly #dischargeEnergy: WithinCycleCounter;

  constructor(options: { sumSteps?: boolean } = {}) {
    this.#charge = new WithinCycleCounter(options);
    this.#discharge = new WithinCycleCounter(options);
    this.#chargeEnergy = new WithinCycleCounter(options);
    this.#dischargeEnergy = new WithinCycleCounter(options);
  }

  /**
   * Writes the normalised counters into `point` (whose cycle and step are used) from the raw
   * counters of its row. Positional and in place because it runs once per row of every file.
   */
  fill(
    point: CyclerPoint,
    stepKey: number | string | null,
    chargeAh: number | null,
    dischargeAh: number | null,
    chargeWh: number | null,
    dischargeWh: number | null,
  ): CyclerPoint {
    point.chargeCapacityAh = this.#charge.next(point.cycle, stepKey, chargeAh);
    point.dischargeCapacityAh = this.#discharge.next(point.cycle, stepKey, dischargeAh);
    point.chargeEnergyWh = this.#chargeEnergy.next(point.cycle, stepKey, chargeWh);
    point.dischargeEnergyWh = this.#dischargeEnergy.next(point.cycle, stepKey, dischargeWh);
    return point;
  }
}
