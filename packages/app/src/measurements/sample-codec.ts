import { deflateRawSync, inflateRawSync } from 'node:zlib';

/**
 * The columns a block stores, in this order. `seq` is implied (the block's first seq + index)
 * and `file_id` is the block's own, so neither is stored per sample.
 */
export const BLOCK_COLUMNS = [
  'time_s',
  'cycle',
  'step',
  'current_a',
  'voltage_v',
  'charge_capacity_ah',
  'discharge_capacity_ah',
  'charge_energy_wh',
  'discharge_energy_wh',
  'temperature_c',
] as const;
export type BlockColumn = (typeof BLOCK_COLUMNS)[number];

/** One column of a block: values, and which of them are NULL (their value is then 0). */
export interface ColumnValues {
  values: Float64Array;
  /** 1 where the sample has no value; null when none is missing. */
  nulls: Uint8Array | null;
}

/** A block's samples column by column, `count` of each. */
export interface DecodedBlock {
  count: number;
  /**
   * Each sample's seq, for blocks whose samples are not consecutive (the overview levels); null
   * for a block of every sample, whose seqs are its first seq + index.
   */
  seqs: Float64Array | null;
  columns: Record<BlockColumn, ColumnValues>;
}

const VERSION = 1;
const KIND_ALL_NULL = 0;
const KIND_DECIMAL = 1;
const KIND_FLOAT = 2;
/** Cycler files write decimals with at most a dozen places; beyond that a column is stored as raw floats. */
const MAX_SCALE = 12;
const POW10 = Array.from({ length: MAX_SCALE + 1 }, (_, k) => 10 ** k);
/** Scaled integers stay below 2^50, so their differences and zigzag stay exact doubles. */
const MAX_SCALED = 2 ** 50;

/** The value as `integer / 10^k` read back to the very same double (never −0: zigzag has no −0). */
function scaledExactly(v: number, k: number): boolean {
  const p = POW10[k]!;
  const i = Math.round(v * p);
  return Math.abs(i) <= MAX_SCALED && Object.is(i / p, v) && !Object.is(v, -0);
}

/** The fewest decimal places that hold every value exactly, or -1 when none up to MAX_SCALE does. */
function decimalScale(values: Float64Array, nulls: Uint8Array | null, count: number): number {
  let k = 0;
  for (let i = 0; i < count; i++) {
    if (nulls !== null && nulls[i] === 1) continue;
    const v = values[i]!;
    while (!scaledExactly(v, k)) if (++k > MAX_SCALE) return -1;
  }
  // A value exact at fewer places is exact at more (the same rational, rounded once), but the
  // encoder relies on it for every value, so confirm rather than assume.
  for (let i = 0; i < count; i++)
    if ((nulls === null || nulls[i] === 0) && !scaledExactly(values[i]!, k)) return -1;
  return k;
}

class Writer {
  buffer: Buffer;
  at = 0;
  constructor(bytes: number) {
    this.buffer = Buffer.allocUnsafe(bytes);
  }
  byte(b: number): void {
    this.buffer[this.at++] = b;
  }
  /** Zigzag varint of an integer of magnitude < 2^51. */
  signed(n: number): void {
    let z = n >= 0 ? n * 2 : -n * 2 - 1;
    if (z < 0x80000000) {
      while (z >= 128) {
        this.buffer[this.at++] = (z & 127) | 128;
        z >>>= 7;
      }
      this.buffer[this.at++] = z;
      return;
    }
    while (z >= 128) {
      this.buffer[this.at++] = (z % 128) | 128;
      z = Math.floor(z / 128);
    }
    this.buffer[this.at++] = z;
  }
  bytes(source: Uint8Array): void {
    this.buffer.set(source, this.at);
    this.at += source.length;
  }
}

class Reader {
  at = 0;
  constructor(readonly buffer: Buffer) {}
  byte(): number {
    return this.buffer[this.at++]!;
  }
  signed(): number {
    const first = this.buffer[this.at++]!;
    if (first < 128) return first & 1 ? -(first + 1) / 2 : first / 2;
    this.at -= 1;
    let z = 0;
    let scale = 1;
    for (;;) {
      const b = this.buffer[this.at++]!;
      z += (b & 127) * scale;
      if (b < 128) break;
      scale *= 128;
    }
    return z % 2 === 0 ? z / 2 : -(z + 1) / 2;
  }
}

/**
 * Encodes one column: a kind byte, a null bitmap if any value is missing, then the present
 * values — as differences of `value × 10^k` (zigzag varints) when k decimal places hold every
 * value exactly (cycler files write fixed decimals: a smooth signal's differences are a byte or
 * two), otherwise as each double's bits XOR the previous one's, byte plane by byte plane (the
 * Gorilla idea; equal high bytes become runs of zeros for deflate).
 */
function encodeColumn(out: Writer, column: ColumnValues, count: number): void {
  const { values, nulls } = column;
  let present = count;
  if (nulls !== null) for (let i = 0; i < count; i++) present -= nulls[i]!;
  if (present === 0) return out.byte(KIND_ALL_NULL);
  const k = decimalScale(values, nulls, count);
  out.byte(k >= 0 ? KIND_DECIMAL : KIND_FLOAT);
  if (k >= 0) out.byte(k);
  out.byte(present === count ? 0 : 1);
  if (present !== count) {
    const bitmap = new Uint8Array(Math.ceil(count / 8));
    for (let i = 0; i < count; i++) if (nulls![i] === 1) bitmap[i >> 3]! |= 1 << (i & 7);
    out.bytes(bitmap);
  }
  if (k >= 0) {
    const p = POW10[k]!;
    let previous = 0;
    for (let i = 0; i < count; i++) {
      if (nulls !== null && nulls[i] === 1) continue;
      const scaled = Math.round(values[i]! * p);
      out.signed(scaled - previous);
      previous = scaled;
    }
    return;
  }
  const bits = new BigUint64Array(present);
  const view = new Float64Array(bits.buffer);
  let j = 0;
  for (let i = 0; i < count; i++) if (nulls === null || nulls[i] === 0) view[j++] = values[i]!;
  for (let i = present - 1; i > 0; i--) bits[i] = bits[i]! ^ bits[i - 1]!;
  const raw = new Uint8Array(bits.buffer);
  for (let plane = 7; plane >= 0; plane--) for (let i = 0; i < present; i++) out.byte(raw[i * 8 + plane]!);
}

function decodeColumn(input: Reader, count: number): ColumnValues {
  const values = new Float64Array(count);
  const kind = input.byte();
  if (kind === KIND_ALL_NULL) return { values, nulls: new Uint8Array(count).fill(1) };
  const k = kind === KIND_DECIMAL ? input.byte() : -1;
  let nulls: Uint8Array | null = null;
  if (input.byte() === 1) {
    nulls = new Uint8Array(count);
    for (let i = 0; i < count; i++) nulls[i] = (input.buffer[input.at + (i >> 3)]! >> (i & 7)) & 1;
    input.at += Math.ceil(count / 8);
  }
  if (kind === KIND_DECIMAL) {
    // Reader.signed inlined for differences of up to four bytes, in int32 arithmetic (its
    // doubles and `% 2` cost more than the rest of the decoding); longer ones go through it.
    const p = POW10[k]!;
    const buffer = input.buffer;
    let at = input.at;
    let scaled = 0;
    for (let i = 0; i < count; i++) {
      if (nulls !== null && nulls[i] === 1) continue;
      const start = at;
      let b = buffer[at++]!;
      let z = b & 127;
      for (let shift = 7; b >= 128 && shift < 28; shift += 7) {
        b = buffer[at++]!;
        z |= (b & 127) << shift;
      }
      if (b >= 128) {
        input.at = start;
        scaled += input.signed();
        at = input.at;
      } else scaled += z & 1 ? -((z + 1) >>> 1) : z >>> 1;
      values[i] = scaled / p;
    }
    input.at = at;
    return { values, nulls };
  }
  let present = count;
  if (nulls !== null) for (let i = 0; i < count; i++) present -= nulls[i]!;
  const bits = new BigUint64Array(present);
  const raw = new Uint8Array(bits.buffer);
  for (let plane = 7; plane >= 0; plane--)
    for (let i = 0; i < present; i++) raw[i * 8 + plane] = input.byte();
  for (let i = 1; i < present; i++) bits[i] = bits[i]! ^ bits[i - 1]!;
  const floats = new Float64Array(bits.buffer);
  let j = 0;
  for (let i = 0; i < count; i++) if (nulls === null || nulls[i] === 0) values[i] = floats[j++]!;
  return { values, nulls };
}

/** A block's bytes: every column encoded (see encodeColumn), then deflated as one stream. */
export function encodeBlock(block: DecodedBlock): Buffer {
  const { count } = block;
  // Worst case per value: 8 bytes, plus a bitmap and 3 header bytes per column.
  const out = new Writer(16 + count * 8 + BLOCK_COLUMNS.length * (count * 8 + Math.ceil(count / 8) + 3));
  out.byte(VERSION);
  out.signed(count);
  out.byte(block.seqs === null ? 0 : 1);
  if (block.seqs !== null)
    for (let i = 0; i < count; i++) out.signed(block.seqs[i]! - (i === 0 ? 0 : block.seqs[i - 1]!));
  // Each column's length, so a read decodes only the columns it uses.
  const lengths = out.at;
  out.at += 4 * BLOCK_COLUMNS.length;
  BLOCK_COLUMNS.forEach((name, c) => {
    const start = out.at;
    encodeColumn(out, block.columns[name], count);
    out.buffer.writeUInt32LE(out.at - start, lengths + 4 * c);
  });
  return deflateRawSync(out.buffer.subarray(0, out.at), { level: 6 });
}

/**
 * A block's samples. Columns are decoded when first used (a plot of voltage against time
 * decodes two of the ten).
 */
export function decodeBlock(data: Uint8Array): DecodedBlock {
  const input = new Reader(inflateRawSync(data));
  const version = input.byte();
  if (version !== VERSION) throw new Error(`unknown sample block version ${version}`);
  const count = input.signed();
  let seqs: Float64Array | null = null;
  if (input.byte() === 1) {
    seqs = new Float64Array(count);
    for (let i = 0, seq = 0; i < count; i++) seqs[i] = seq += input.signed();
  }
  const columns = {} as Record<BlockColumn, ColumnValues>;
  let at = input.at + 4 * BLOCK_COLUMNS.length;
  BLOCK_COLUMNS.forEach((name, c) => {
    const start = at;
    at += input.buffer.readUInt32LE(input.at + 4 * c);
    let decoded: ColumnValues | null = null;
    Object.defineProperty(columns, name, {
      enumerable: true,
      get: () => {
        if (decoded === null) {
          const column = new Reader(input.buffer);
          column.at = start;
          decoded = decodeColumn(column, count);
        }
        return decoded;
      },
    });
  });
  return { count, seqs, columns };
}

/** The value of sample `i` of a column, or null. */
export function valueAt(column: ColumnValues, i: number): number | null {
  return column.nulls !== null && column.nulls[i] === 1 ? null : column.values[i]!;
}
