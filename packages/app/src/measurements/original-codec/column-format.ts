/**
 * The columnar form of a text piece, shared by column-encoder.ts and column-decoder.ts.
 *
 * A piece is split on `\n` into lines and each line on one separator byte into fields — pure
 * syntax, so joining them again with the same bytes is exact whatever the text holds (quotes,
 * odd bytes, any encoding: nothing is decoded as text). A `\r` before a line's `\n` is a flag of
 * the line, not part of its last field. Fields are stored column by column (the j-th field of
 * every line together), each as one token:
 *
 * - a plain decimal (`-?digits(.digits)?`, no leading zero, at most 15 digits, not a negative
 *   zero) as its scaled integer's difference from the column's previous number: even varint
 *   `2·zigzag(Δ)` while the count of decimals stays, or `2·(decimals+2)+1` then `zigzag(Δ)` when
 *   it changes (Δ then from the previous number rescaled, see `rescale`);
 * - `1`, a length and the bytes: any other field, verbatim;
 * - `3`: the same bytes as the column's previous verbatim field.
 *
 * Why: cycler files are columns of slowly changing decimals whose digits repeat poorly for gzip
 * (it sees each line's noise digits as new text); the differences of one column are small
 * integers that deflate codes in one or two bytes. On the bench's Arbin-style CSV: 26.2 bytes a
 * sample gzipped as text, about 7 this way (docs/benchmarks.md).
 *
 * Layout: varint original length, separator byte, varint line count, varint column count,
 * varint length of the line stream (`2·fields + cr` a line) and of each column's stream, then the
 * streams in that order.
 */
export const TOKEN_VERBATIM = 1;
export const TOKEN_REPEAT = 3;
/** Most columns of a piece; a line's fields past the last column stay in it, verbatim. */
export const MAX_COLUMNS = 1024;
/** Most digits of a number stored as an integer: 10^15 < 2^53, so every one is exact in a double. */
export const MAX_DIGITS = 15;
export const POW10: readonly number[] = Array.from({ length: MAX_DIGITS + 1 }, (_, i) => 10 ** i);
const LIMIT = 1e15;

/** Separators a piece may be split on; the most frequent in its first 64 KiB is used. */
const SEPARATORS = [0x2c, 0x09, 0x3b]; // , TAB ;

export function pickSeparator(input: Uint8Array): number {
  const counts = [0, 0, 0];
  const end = Math.min(input.length, 65_536);
  for (let i = 0; i < end; i += 1) {
    const b = input[i];
    if (b === 0x2c) counts[0]! += 1;
    else if (b === 0x09) counts[1]! += 1;
    else if (b === 0x3b) counts[2]! += 1;
  }
  let best = 0;
  for (let k = 1; k < 3; k += 1) if (counts[k]! > counts[best]!) best = k;
  return SEPARATORS[best]!;
}

export function isSeparator(b: number): boolean {
  return SEPARATORS.includes(b);
}

/**
 * The previous number in the new count of decimals: the prediction a changed scale's Δ is taken
 * from. Any deterministic prediction is lossless (encoder and decoder compute the same one); out
 * of range it is 0, so Δ stays a safe integer.
 */
export function rescale(previous: number, from: number, to: number): number {
  const base = to >= from ? previous * POW10[to - from]! : Math.trunc(previous / POW10[from - to]!);
  return base <= LIMIT && base >= -LIMIT ? base : 0;
}

export const zigzag = (n: number): number => (n >= 0 ? n * 2 : -n * 2 - 1);
export const unzigzag = (z: number): number => (z % 2 === 0 ? z / 2 : -(z + 1) / 2);
