/** A sample as an array of values in the order of the requested fields. */
export type SampleValues = readonly (number | null)[];

interface Kept {
  index: number;
  values: SampleValues;
}

/**
 * Server-side downsampling for plots: the M4 method (Jugel et al., "M4: A Visualization-Oriented
 * Time Series Data Aggregation", VLDB 2014). The samples are cut into equal-count buckets and
 * each bucket keeps its first and last sample and, for every plotted value, the samples where
 * that value is smallest and largest. Spikes and the envelope of a million-point test survive;
 * every returned point is a real sample (no averages), in the original order. Streaming: memory
 * is one bucket's handful of kept samples, whatever the number of samples.
 *
 * @example
 *   const m4 = new M4Downsampler({ total: 1_000_000, maxPoints: 2000, valueIndexes: [1] });
 *   for (const row of rows) m4.push(row);
 *   m4.finish(); // ≤ 2000 rows
 */
export class M4Downsampler {
  readonly #passThrough: boolean;
  readonly #buckets: number;
  readonly #total: number;
  readonly #maxPoints: number;
  readonly #valueIndexes: readonly number[];
  readonly #out: SampleValues[] = [];
  #index = 0;
  #bucket = -1;
  #kept: (Kept | null)[] = [];

  /** The fewest points a request may ask for when plotting `values` fields. */
  static minPoints(values: number): number {
    return 2 + 2 * values;
  }

  constructor(options: { total: number; maxPoints: number; valueIndexes: readonly number[] }) {
    const perBucket = M4Downsampler.minPoints(options.valueIndexes.length);
    if (options.maxPoints < perBucket)
      throw new RangeError(
        `maxPoints must be at least ${perBucket} for ${options.valueIndexes.length} values`,
      );
    this.#total = Math.max(options.total, 1);
    this.#maxPoints = options.maxPoints;
    this.#valueIndexes = options.valueIndexes;
    this.#passThrough = options.total <= options.maxPoints;
    this.#buckets = Math.max(1, Math.floor(options.maxPoints / perBucket));
  }

  /** True when the result is a selection (more samples than maxPoints). */
  get downsampled(): boolean {
    return !this.#passThrough;
  }

  /**
   * The next sample, or — from an overview level, which holds a selection of the samples — the
   * sample at position `at` among all of them (increasing from call to call).
   */
  push(values: SampleValues, at?: number): void {
    const index = at ?? this.#index;
    this.#index = index + 1;
    if (this.#passThrough) {
      // More samples than counted (an upload landed in between): never exceed the promise.
      if (this.#out.length < this.#maxPoints) this.#out.push(values);
      return;
    }
    const bucket = Math.min(this.#buckets - 1, Math.floor((index * this.#buckets) / this.#total));
    if (bucket !== this.#bucket) {
      this.#flush();
      this.#bucket = bucket;
      this.#kept = Array<Kept | null>(2 + 2 * this.#valueIndexes.length).fill(null);
      this.#kept[0] = { index, values };
    }
    this.#kept[1] = { index, values };
    // A plain loop, not forEach: this runs for every sample of a plot.
    for (let i = 0; i < this.#valueIndexes.length; i++) {
      const column = this.#valueIndexes[i]!;
      const value = values[column];
      if (value === null || value === undefined) continue;
      const min = this.#kept[2 + 2 * i];
      const max = this.#kept[3 + 2 * i];
      if (min === null || min === undefined || value < (min.values[column] ?? Infinity))
        this.#kept[2 + 2 * i] = { index, values };
      if (max === null || max === undefined || value > (max.values[column] ?? -Infinity))
        this.#kept[3 + 2 * i] = { index, values };
    }
  }

  finish(): SampleValues[] {
    this.#flush();
    return this.#out;
  }

  #flush(): void {
    const unique = new Map<number, SampleValues>();
    for (const kept of this.#kept) if (kept) unique.set(kept.index, kept.values);
    for (const index of [...unique.keys()].sort((a, b) => a - b)) this.#out.push(unique.get(index)!);
    this.#kept = [];
  }
}
