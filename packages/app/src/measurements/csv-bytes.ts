/**
 * CSV text built as bytes in one reusable buffer, with numbers written as exactly the text
 * `String(value)` gives (issue 25: the CSV export at ≥ 1M samples/s). `String(double)` per value
 * and a string concatenated per cell were most of the export's time and of its garbage.
 *
 * Why the digits written here are `String(value)`'s: a value that some `s / 10^k` (|s| < 10^15,
 * k ≤ 12) reads back to exactly is the double nearest to that decimal — division is correctly
 * rounded, so `s / 10^k === value` proves it. ECMAScript's Number::toString writes the shortest
 * decimal that reads back to the double, and two different decimals of at most 15 significant
 * digits never read back to the same double (DBL_DIG = 15: every such decimal survives the round
 * trip), so the shortest one is this decimal, trailing zeros dropped. What remains is the
 * layout Number::toString gives it: plain digits below 10^21, `0.000ddd` down to 10^-6, an
 * exponent below that — that last case, and any value no decimal of ≤ 15 digits holds
 * (`KIND_FLOAT` columns, NaN, ±Infinity), are left to `String()` itself.
 */

import type { ColumnValues } from './sample-codec.ts';

/** Scales tried (cycler files write at most a dozen decimal places). */
const MAX_PLACES = 12;
const POW10 = Array.from({ length: 17 }, (_, k) => 10 ** k);
/** Decimals of up to 15 significant digits are one-to-one with the doubles they read as. */
const MAX_DIGITS = 15;
const LIMIT = POW10[MAX_DIGITS]!;
/** The longest text `String()` gives a double: 17 digits below 10^-5, `-0.0000012345678901234567`. */
const MAX_NUMBER_BYTES = 25;

const COMMA = 0x2c;
const MINUS = 0x2d;
const DOT = 0x2e;
const ZERO = 0x30;

/** ASCII text into `buffer` at `at` (the caller made room); returns where it ends. */
function ascii(buffer: Buffer, at: number, text: string): number {
  for (let i = 0; i < text.length; i++) buffer[at++] = text.charCodeAt(i);
  return at;
}

/** A growing byte buffer of ASCII text, taken out a block at a time. */
export class CsvBytes {
  buffer: Buffer;
  at = 0;
  /** Advances at each `take`: text written before it is no longer in the buffer. */
  generation = 0;

  constructor(bytes = 1 << 16) {
    this.buffer = Buffer.allocUnsafe(bytes);
  }

  /** Room for `bytes` more (call before writing them: the writes do not check). */
  reserve(bytes: number): void {
    if (this.at + bytes <= this.buffer.length) return;
    const grown = Buffer.allocUnsafe(Math.max(this.buffer.length * 2, this.at + bytes));
    this.buffer.copy(grown, 0, 0, this.at);
    this.buffer = grown;
  }

  /**
   * The bytes written since the last `take`, copied out (the buffer is reused): bytes, not a
   * string, so that a socket or file takes them without encoding them again.
   */
  take(): Buffer {
    const text = Buffer.allocUnsafe(this.at);
    this.buffer.copy(text, 0, 0, this.at);
    this.at = 0;
    this.generation += 1;
    return text;
  }
}

/**
 * One CSV column's numbers as text. Remembers where it wrote its previous value (cycle, step
 * and the capacities repeat for thousands of samples: a copy of a few bytes then) and the
 * decimal places its values needed (a column's values share them, so one try usually does).
 * Positions are passed in and returned (not kept on CsvBytes) so the line loop keeps them in
 * registers.
 */
export class NumberText {
  private places = 0;
  private digits = 1;
  private last = Number.NaN;
  private lastAt = 0;
  private lastBytes = 0;
  private lastGeneration = -1;

  /**
   * Writes `value` as `String(value)` would at `at` of `buffer` (room made for
   * MAX_NUMBER_BYTES) of generation `generation` (see CsvBytes); returns where it ends.
   */
  write(buffer: Buffer, at: number, value: number, generation: number): number {
    let end: number;
    if (value === this.last && this.lastGeneration === generation) {
      const from = this.lastAt;
      end = at + this.lastBytes;
      for (let i = at; i < end; i++) buffer[i] = buffer[from + i - at]!;
    } else {
      end = this.decimal(buffer, at, value);
      if (end < 0) end = ascii(buffer, at, String(value));
    }
    this.last = value;
    this.lastAt = at;
    this.lastBytes = end - at;
    this.lastGeneration = generation;
    return end;
  }

  /** Writes `value` from its scaled integer; -1 (nothing written) when `String()` must. */
  private decimal(buffer: Buffer, at: number, value: number): number {
    let k = this.places;
    let scaled = Math.round(value * POW10[k]!);
    if (scaled / POW10[k]! !== value) {
      for (k = 0; k <= MAX_PLACES; k++) {
        scaled = Math.round(value * POW10[k]!);
        if (scaled / POW10[k]! === value) break;
      }
      if (k > MAX_PLACES) return -1;
      this.places = k;
    }
    if (!(Math.abs(scaled) < LIMIT)) return -1;
    if (scaled === 0) {
      buffer[at] = ZERO; // 0 and −0 alike: String(-0) is "0"
      return at + 1;
    }
    if (scaled < 0) scaled = -scaled;
    // Its count of digits: the previous value's, give or take (a column's values are alike).
    let digits = this.digits;
    while (scaled >= POW10[digits]!) digits += 1;
    while (digits > 1 && scaled < POW10[digits - 1]!) digits -= 1;
    this.digits = digits;
    // Below 10^-6 Number::toString writes an exponent (5e-7): left to String(). Dropping the
    // trailing zeros (below) takes as many digits as places, so this difference is the same.
    if (k - digits >= 6) return -1;
    if (value < 0) buffer[at++] = MINUS;
    const fraction = k > 0;
    if (k >= digits) {
      // 0.000ddd: "0.", the leading zeros, then the digits.
      buffer[at++] = ZERO;
      buffer[at++] = DOT;
      for (let z = k - digits; z > 0; z--) buffer[at++] = ZERO;
      k = 0;
    }
    // The digits from the last, the point k digits from the end, in int32 arithmetic: the low
    // eight digits, then the rest (both below 2^31; the quotient by 10^8 is exact).
    let end = at + digits + (k > 0 ? 1 : 0);
    const high = scaled >= 1e8 ? Math.floor(scaled / 1e8) : 0;
    let part = (scaled - high * 1e8) | 0;
    let i = end;
    let d = 0;
    if (high === 0) {
      for (; d < k; d++) {
        const quotient = (part / 10) | 0;
        buffer[--i] = ZERO + part - quotient * 10;
        part = quotient;
      }
      if (k > 0) buffer[--i] = DOT;
      while (i > at) {
        const quotient = (part / 10) | 0;
        buffer[--i] = ZERO + part - quotient * 10;
        part = quotient;
      }
    } else
      for (; d < digits; d++) {
        if (d === k && k > 0) buffer[--i] = DOT;
        if (d === 8) part = high | 0;
        const quotient = (part / 10) | 0;
        buffer[--i] = ZERO + part - quotient * 10;
        part = quotient;
      }
    // The fraction's trailing zeros go (3.5 at six places is "3.500000" so far), and its point
    // when nothing is left after it. A 0.000ddd fraction ends in a non-zero digit.
    if (fraction) {
      while (buffer[end - 1] === ZERO) end -= 1;
      if (buffer[end - 1] === DOT) end -= 1;
    }
    return end;
  }
}

/**
 * `count` CSV lines: sample i's value of each column as `String()` writes it (NULL as an empty
 * cell), comma-separated, then `tail` (the line's fixed end). `texts` is one per column, kept
 * from block to block.
 */
export function writeLines(
  out: CsvBytes,
  texts: readonly NumberText[],
  columns: readonly ColumnValues[],
  count: number,
  tail: string,
): void {
  out.reserve(count * (columns.length * (MAX_NUMBER_BYTES + 1) + tail.length));
  const { buffer, generation } = out;
  const width = columns.length;
  let at = out.at;
  for (let i = 0; i < count; i++) {
    for (let c = 0; c < width; c++) {
      if (c > 0) buffer[at++] = COMMA;
      const { values, nulls } = columns[c]!;
      if (nulls === null || nulls[i] === 0) at = texts[c]!.write(buffer, at, values[i]!, generation);
    }
    at = ascii(buffer, at, tail);
  }
  out.at = at;
}
