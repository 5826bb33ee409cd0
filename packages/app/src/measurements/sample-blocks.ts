import type { CyclerPoint } from '../cycler/index.ts';
import { BLOCK_COLUMNS, type ColumnValues, type DecodedBlock, encodeBlock } from './sample-codec.ts';

/**
 * Samples per block of every sample (level 0): a cycle of a few thousand samples is one to three
 * blocks, and the per-row overhead (key, ranges, page slack) is spread over thousands of samples.
 */
export const BLOCK_SAMPLES = 4096;

/** A stored block's key and the ranges a read selects it by, without its bytes. */
export interface BlockHeader {
  /** 0: every sample; 1…: an overview level (see overview-pyramid.ts). */
  level: number;
  firstSeq: number;
  lastSeq: number;
  count: number;
  cycleMin: number;
  cycleMax: number;
}

/** A block ready to store: its header, its time range and its bytes. */
export interface EncodedBlock extends BlockHeader {
  timeMin: number;
  timeMax: number;
  data: Buffer;
}

/** A sample's values in BLOCK_COLUMNS order (NULL as null). */
export type BlockValues = readonly (number | null)[];

/** A value the database can store: NaN and ±Infinity (never produced by the parsers) become NULL. */
export const finite = (value: number | null): number | null =>
  value !== null && Number.isFinite(value) ? value : null;

/** A parser's sample in BLOCK_COLUMNS order; NaN and ±Infinity (never produced) become NULL. */
export function pointValues(p: CyclerPoint): (number | null)[] {
  return [
    p.timeS,
    p.cycle,
    p.step,
    p.currentA,
    p.voltageV,
    finite(p.chargeCapacityAh),
    finite(p.dischargeCapacityAh),
    finite(p.chargeEnergyWh),
    finite(p.dischargeEnergyWh),
    finite(p.temperatureC),
  ];
}

/** Fills blocks of up to `capacity` samples, in seq order, and encodes each when it is full. */
export class BlockBuilder {
  readonly #level: number;
  readonly #capacity: number;
  readonly #columns: ColumnValues[];
  /** Seqs of the samples, kept for overview levels (not consecutive). */
  readonly #seqs: Float64Array | null;
  readonly #done: EncodedBlock[] = [];
  #count = 0;
  #firstSeq = 0;
  #lastSeq = 0;

  constructor(level: number, capacity = BLOCK_SAMPLES) {
    this.#level = level;
    this.#capacity = capacity;
    this.#columns = BLOCK_COLUMNS.map(() => ({ values: new Float64Array(capacity), nulls: null }));
    this.#seqs = level === 0 ? null : new Float64Array(capacity);
  }

  push(seq: number, values: BlockValues): void {
    if (this.#count === 0) this.#firstSeq = seq;
    const i = this.#count;
    if (this.#seqs !== null) this.#seqs[i] = seq;
    else if (i > 0 && seq !== this.#lastSeq + 1)
      throw new Error(`sample ${seq} does not follow ${this.#lastSeq}`);
    for (let c = 0; c < this.#columns.length; c++) {
      const column = this.#columns[c]!;
      const v = values[c] ?? null;
      if (v === null) {
        column.nulls ??= new Uint8Array(this.#capacity);
        column.nulls[i] = 1;
        column.values[i] = 0;
      } else {
        if (column.nulls !== null) column.nulls[i] = 0;
        column.values[i] = v;
      }
    }
    this.#lastSeq = seq;
    this.#count += 1;
    if (this.#count === this.#capacity) this.#seal();
  }

  /** Blocks completed since the last call. */
  take(): EncodedBlock[] {
    return this.#done.splice(0);
  }

  /** Seals the partial block, then returns every block not yet taken. */
  finish(): EncodedBlock[] {
    if (this.#count > 0) this.#seal();
    return this.take();
  }

  #seal(): void {
    const count = this.#count;
    const columns = Object.fromEntries(
      BLOCK_COLUMNS.map((name, c) => {
        const { values, nulls } = this.#columns[c]!;
        // The arrays are reused for the next block: hand the encoder views of this one's samples.
        return [name, { values: values.subarray(0, count), nulls: nulls?.subarray(0, count) ?? null }];
      }),
    ) as DecodedBlock['columns'];
    const time = columns.time_s.values;
    const cycle = columns.cycle.values;
    let cycleMin = Infinity;
    let cycleMax = -Infinity;
    let timeMin = Infinity;
    let timeMax = -Infinity;
    for (let i = 0; i < count; i++) {
      if (cycle[i]! < cycleMin) cycleMin = cycle[i]!;
      if (cycle[i]! > cycleMax) cycleMax = cycle[i]!;
      if (time[i]! < timeMin) timeMin = time[i]!;
      if (time[i]! > timeMax) timeMax = time[i]!;
    }
    this.#done.push({
      level: this.#level,
      firstSeq: this.#firstSeq,
      lastSeq: this.#lastSeq,
      count,
      cycleMin,
      cycleMax,
      timeMin,
      timeMax,
      data: encodeBlock({ count, seqs: this.#seqs?.subarray(0, count) ?? null, columns }),
    });
    for (const column of this.#columns) column.nulls = null;
    this.#count = 0;
  }
}
