import { BlockBuilder, type BlockValues, type EncodedBlock } from './sample-blocks.ts';
import { BLOCK_COLUMNS } from './sample-codec.ts';

/**
 * Samples per bucket at overview levels 1, 2, 3 (level 0 is every sample). Each level keeps, per
 * bucket of a file's samples (by seq: bucket j of size B holds seqs jB+1 … (j+1)B), the bucket's
 * first and last sample and, for every measured column, the samples where it is smallest and
 * largest — M4 (downsample.ts) with all columns at once, so a plot of any fields finds its
 * envelope. Buckets nest (16 of one level make one of the next), so each level is built from the
 * level below it, and an M4 over a level's kept samples with buckets of ≥ B samples keeps the same
 * extremes as one over every sample, up to where a bucket edge falls inside a level's bucket.
 * Storage: a level keeps at most 20 samples per B (fewer where they coincide).
 */
export const OVERVIEW_BUCKETS = [256, 4096, 65536] as const;

/** Columns whose extremes a bucket keeps: all but time (which only places a sample). */
const VALUE_COLUMNS = BLOCK_COLUMNS.map((_, c) => c).filter((c) => BLOCK_COLUMNS[c] !== 'time_s');
const SLOTS = 2 + 2 * VALUE_COLUMNS.length;
/** The most samples a level keeps of one bucket (first, last, each column's smallest and largest). */
export const KEPT_PER_BUCKET = SLOTS;

/** One level's current bucket: the kept samples by slot (first, last, then min and max per column). */
class BucketKeeper {
  readonly #size: number;
  readonly #emit: (seq: number, values: BlockValues) => void;
  #bucket = -1;
  readonly #seqs = new Float64Array(SLOTS);
  readonly #kept: (BlockValues | null)[] = Array<BlockValues | null>(SLOTS).fill(null);

  constructor(size: number, emit: (seq: number, values: BlockValues) => void) {
    this.#size = size;
    this.#emit = emit;
  }

  push(seq: number, values: BlockValues): void {
    const bucket = Math.floor((seq - 1) / this.#size);
    if (bucket !== this.#bucket) {
      this.flush();
      this.#bucket = bucket;
      this.#keep(0, seq, values);
    }
    this.#keep(1, seq, values);
    for (let i = 0; i < VALUE_COLUMNS.length; i++) {
      const v = values[VALUE_COLUMNS[i]!];
      if (v === null || v === undefined) continue;
      const min = this.#kept[2 + 2 * i];
      const max = this.#kept[3 + 2 * i];
      if (min === null || min === undefined || v < min[VALUE_COLUMNS[i]!]!)
        this.#keep(2 + 2 * i, seq, values);
      if (max === null || max === undefined || v > max[VALUE_COLUMNS[i]!]!)
        this.#keep(3 + 2 * i, seq, values);
    }
  }

  /** Emits the bucket's kept samples once each, in seq order. */
  flush(): void {
    const bySeq = new Map<number, BlockValues>();
    for (let s = 0; s < SLOTS; s++) {
      const kept = this.#kept[s];
      if (kept) bySeq.set(this.#seqs[s]!, kept);
      this.#kept[s] = null;
    }
    for (const seq of [...bySeq.keys()].sort((a, b) => a - b)) this.#emit(seq, bySeq.get(seq)!);
  }

  #keep(slot: number, seq: number, values: BlockValues): void {
    this.#seqs[slot] = seq;
    this.#kept[slot] = values;
  }
}

/** Builds a file's overview levels from its samples in seq order. */
export class OverviewPyramid {
  readonly #keepers: BucketKeeper[] = [];
  readonly #builders: BlockBuilder[] = [];

  constructor() {
    // From the top down, so each level can hand its kept samples to the next one up.
    let next: ((seq: number, values: BlockValues) => void) | null = null;
    for (let level = OVERVIEW_BUCKETS.length; level >= 1; level--) {
      const builder = new BlockBuilder(level);
      const up = next;
      const keeper = new BucketKeeper(OVERVIEW_BUCKETS[level - 1]!, (seq, values) => {
        builder.push(seq, values);
        up?.(seq, values);
      });
      this.#builders.unshift(builder);
      this.#keepers.unshift(keeper);
      next = (seq, values) => keeper.push(seq, values);
    }
  }

  push(seq: number, values: BlockValues): void {
    this.#keepers[0]!.push(seq, values);
  }

  take(): EncodedBlock[] {
    return this.#builders.flatMap((b) => b.take());
  }

  finish(): EncodedBlock[] {
    // Bottom up: each level's last bucket reaches the level above before that one flushes.
    for (const keeper of this.#keepers) keeper.flush();
    return this.#builders.flatMap((b) => b.finish());
  }
}
