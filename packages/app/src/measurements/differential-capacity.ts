/** Equal voltage bins: `count` bins of `widthV` from `lowV`. */
export interface VoltageBins {
  readonly lowV: number;
  readonly widthV: number;
  readonly count: number;
}

/** dQ/dV at bin centres, ascending in voltage. */
export interface DifferentialCurve {
  voltageV: number[];
  dqdvAhPerV: number[];
}

/** A segment whose voltage moves less than this many bins is a voltage hold (CV), not a curve. */
const HOLD_BINS = 2;
/**
 * Within a segment, a current below this share of the segment's steady current so far is the
 * decaying current of a constant-voltage hold (cyclers often run CC and CV as one step:
 * BioLogic's GCPL). Steady: the smaller of two consecutive samples, so that a one-sample spike
 * at the start of a step (Neware logs 0.5 A, then 0.474 A for the rest of the step) does not
 * make the whole step look like a hold.
 */
const CV_SHARE = 0.95;
/**
 * Leading and trailing bins under this share of the peak, for a plot: a jump at the start of a
 * step (IR drop, relaxation) spreads a trace of capacity over a wide voltage range that would
 * only stretch it.
 */
const TAIL_SHARE = 0.005;

/** The curve without its negligible leading and trailing bins (for plotting). */
export function trimTails(curve: DifferentialCurve): DifferentialCurve {
  const size = curve.dqdvAhPerV.map(Math.abs);
  const floor = TAIL_SHARE * Math.max(0, ...size);
  const from = size.findIndex((d) => d > 0 && d >= floor);
  if (from < 0) return { voltageV: [], dqdvAhPerV: [] };
  let to = size.length - 1;
  while (size[to]! < floor) to--;
  return { voltageV: curve.voltageV.slice(from, to + 1), dqdvAhPerV: curve.dqdvAhPerV.slice(from, to + 1) };
}

/** Binomial smoothing (≈ a Gaussian of one bin's σ): keeps peaks where they are, softens noise. */
const KERNEL = [1, 4, 6, 4, 1].map((w) => w / 16);

/**
 * Differential capacity (dQ/dV, incremental capacity analysis) of one half-cycle, computed over
 * every sample in time order, in memory of the bins alone (streaming, whatever the number of
 * samples).
 *
 * Each capacity increment between two consecutive samples is spread over the voltage interval
 * the two samples span, in proportion to the overlap with each bin: Q(V) taken as piecewise
 * linear between samples, so sparse samples leave no empty bins and noisy ones no aliasing, and
 * the sum over the bins is exactly the capacity passed. A constant-voltage hold is left out,
 * because its capacity at one voltage is an artefact of the protocol, not of the electrode (its
 * capacity still counts in the voltage–capacity curve): a segment whose voltage moves less than
 * two bins, and, within a segment, samples whose current has fallen below 95 % of the segment's
 * steady current (the CV tail of a CC-CV step). Finally the bins are smoothed with a small binomial
 * kernel.
 *
 * @example
 *   const dqdv = new DifferentialCapacity({ lowV: 3.0, widthV: 0.005, count: 240 });
 *   for (const s of samples) dqdv.push(s.capacityAh, s.voltageV, s.currentA, s.newStep);
 *   dqdv.finish(); // { voltageV: [...], dqdvAhPerV: [...] }
 */
export class DifferentialCapacity {
  readonly #bins: VoltageBins;
  readonly #kept: Float64Array;
  readonly #pending: Float64Array;
  #touched: number[] = [];
  #low = Infinity;
  #high = -Infinity;
  #lastQ: number | null = null;
  #lastV = 0;
  /** Largest steady |current| of the segment so far, and the previous sample's. */
  #peakA = 0;
  #previousA: number | null = null;

  constructor(bins: VoltageBins) {
    if (!(bins.widthV > 0) || !Number.isInteger(bins.count) || bins.count < 1)
      throw new RangeError('bins need a positive width and count');
    this.#bins = bins;
    this.#kept = new Float64Array(bins.count);
    this.#pending = new Float64Array(bins.count);
  }

  /**
   * One sample: the capacity passed so far in this half-cycle (non-decreasing), its voltage and
   * current. `startsSegment`: a new step, or the first sample after a rest — its increment is
   * placed at its own voltage instead of being spread back over the jump since the previous one.
   */
  push(capacityAh: number, voltageV: number, currentA: number, startsSegment: boolean): void {
    if (startsSegment) this.#closeSegment();
    const last = this.#lastQ;
    const amps = Math.abs(currentA);
    if (this.#previousA !== null) this.#peakA = Math.max(this.#peakA, Math.min(amps, this.#previousA));
    this.#previousA = amps;
    const holding = amps < CV_SHARE * this.#peakA;
    if (!holding) {
      this.#low = Math.min(this.#low, voltageV);
      this.#high = Math.max(this.#high, voltageV);
    }
    if (last !== null && !holding) {
      const gained = capacityAh - last;
      if (gained > 0) this.#spread(gained, startsSegment ? voltageV : this.#lastV, voltageV);
    }
    this.#lastQ = capacityAh;
    this.#lastV = voltageV;
  }

  /**
   * dQ/dV per bin (Ah/V), smoothed. The kernel's reach is kept on both sides of the bins that
   * gained capacity, so the curve's integral is exactly the capacity counted (holds left out).
   */
  finish(): DifferentialCurve {
    this.#closeSegment();
    const { lowV, widthV, count } = this.#bins;
    let first = -1;
    let last = -1;
    for (let b = 0; b < count; b++)
      if (this.#kept[b]! > 0) {
        if (first < 0) first = b;
        last = b;
      }
    const out: DifferentialCurve = { voltageV: [], dqdvAhPerV: [] };
    if (first < 0) return out;
    const reach = (KERNEL.length - 1) / 2;
    for (let b = first - reach; b <= last + reach; b++) {
      let sum = 0;
      for (let k = -reach; k <= reach; k++) sum += KERNEL[k + reach]! * (this.#kept[b - k] ?? 0);
      out.voltageV.push(lowV + (b + 0.5) * widthV);
      out.dqdvAhPerV.push(sum / widthV);
    }
    return out;
  }

  #bin(voltageV: number): number {
    const { lowV, widthV, count } = this.#bins;
    return Math.min(count - 1, Math.max(0, Math.floor((voltageV - lowV) / widthV)));
  }

  /** Adds `gained` over [from, to] (either order), in proportion to each bin's share. */
  #spread(gained: number, from: number, to: number): void {
    const lo = Math.min(from, to);
    const hi = Math.max(from, to);
    const first = this.#bin(lo);
    const last = this.#bin(hi);
    if (first === last || !(hi > lo)) return this.#add(this.#bin(to), gained);
    const { lowV, widthV } = this.#bins;
    for (let b = first; b <= last; b++) {
      const overlap = Math.min(hi, lowV + (b + 1) * widthV) - Math.max(lo, lowV + b * widthV);
      if (overlap > 0) this.#add(b, (gained * overlap) / (hi - lo));
    }
  }

  #add(bin: number, ah: number): void {
    if (this.#pending[bin] === 0) this.#touched.push(bin);
    this.#pending[bin]! += ah;
  }

  /** Keeps the segment's capacity unless the segment was a voltage hold. */
  #closeSegment(): void {
    const hold = this.#high - this.#low < HOLD_BINS * this.#bins.widthV;
    for (const b of this.#touched) {
      if (!hold) this.#kept[b]! += this.#pending[b]!;
      this.#pending[b] = 0;
    }
    this.#touched = [];
    this.#low = Infinity;
    this.#high = -Infinity;
    this.#peakA = 0;
    this.#previousA = null;
  }
}
