import { ByteSink } from './byte-sink.ts';
import {
  MAX_COLUMNS,
  MAX_DIGITS,
  pickSeparator,
  rescale,
  TOKEN_REPEAT,
  TOKEN_VERBATIM,
  zigzag,
} from './column-format.ts';

/** One column's stream and what its next field is coded against (column-format.ts). */
class ColumnEncoder {
  readonly sink = new ByteSink(64);
  private previous = 0;
  private decimals = 0;
  // Before the first verbatim field the previous one is the empty field (so is the decoder's).
  private verbatimStart = 0;
  private verbatimEnd = 0;

  put(input: Uint8Array, start: number, end: number): void {
    // A plain decimal is parsed in the same pass that checks it is one.
    let i = start;
    const negative = i < end && input[i] === 0x2d;
    if (negative) i += 1;
    const intStart = i;
    let value = 0;
    while (i < end) {
      const digit = input[i]! - 0x30;
      if (digit < 0 || digit > 9) break;
      value = value * 10 + digit;
      i += 1;
    }
    const intDigits = i - intStart;
    let decimals = 0;
    let plain = intDigits > 0 && (intDigits === 1 || input[intStart] !== 0x30);
    if (plain && i < end) {
      if (input[i] === 0x2e) {
        i += 1;
        const fracStart = i;
        while (i < end) {
          const digit = input[i]! - 0x30;
          if (digit < 0 || digit > 9) break;
          value = value * 10 + digit;
          i += 1;
        }
        decimals = i - fracStart;
        plain = decimals > 0 && i === end;
      } else plain = false;
    }
    if (plain && intDigits + decimals <= MAX_DIGITS && !(negative && value === 0)) {
      if (negative) value = -value;
      if (decimals === this.decimals) this.sink.varint(zigzag(value - this.previous) * 2);
      else {
        this.sink.varint(2 * (decimals + 2) + 1);
        this.sink.varint(zigzag(value - rescale(this.previous, this.decimals, decimals)));
        this.decimals = decimals;
      }
      this.previous = value;
      return;
    }
    this.verbatim(input, start, end);
  }

  private verbatim(input: Uint8Array, start: number, end: number): void {
    const length = end - start;
    if (length === this.verbatimEnd - this.verbatimStart) {
      let same = true;
      for (let k = 0; k < length; k += 1)
        if (input[start + k] !== input[this.verbatimStart + k]) {
          same = false;
          break;
        }
      if (same) {
        this.sink.byte(TOKEN_REPEAT);
        return;
      }
    }
    this.sink.byte(TOKEN_VERBATIM);
    this.sink.varint(length);
    this.sink.copy(input, start, end);
    this.verbatimStart = start;
    this.verbatimEnd = end;
  }
}

/**
 * A piece of text in the columnar form of column-format.ts (uncompressed): one pass over the
 * bytes, no string per field. Any bytes are accepted; whether the form pays is the caller's
 * measure (binary data comes out a little larger than it went in).
 */
export function encodeColumns(piece: Uint8Array): Uint8Array {
  const input = Buffer.from(piece.buffer, piece.byteOffset, piece.byteLength);
  const separator = pickSeparator(input);
  const lines = new ByteSink(4096);
  const columns: ColumnEncoder[] = [];
  let lineCount = 0;
  for (let pos = 0; ;) {
    const newline = input.indexOf(0x0a, pos);
    const lineEnd = newline === -1 ? input.length : newline;
    let contentEnd = lineEnd;
    const cr = contentEnd > pos && input[contentEnd - 1] === 0x0d ? 1 : 0;
    contentEnd -= cr;
    let field = 0;
    for (let i = pos, start = pos; ; i += 1)
      // The last column takes the rest of a line of more fields, separators and all (a piece of
      // binary data or of commas must not become a million columns).
      if (i === contentEnd || (input[i] === separator && field < MAX_COLUMNS - 1)) {
        (columns[field] ??= new ColumnEncoder()).put(input, start, i);
        field += 1;
        if (i === contentEnd) break;
        start = i + 1;
      }
    lines.varint(field * 2 + cr);
    lineCount += 1;
    if (newline === -1) break;
    pos = newline + 1;
  }
  const header = new ByteSink(64 + columns.length * 4);
  header.varint(input.length);
  header.byte(separator);
  header.varint(lineCount);
  header.varint(columns.length);
  header.varint(lines.length);
  for (const column of columns) header.varint(column.sink.length);
  const out = new Uint8Array(header.length + lines.length + columns.reduce((n, c) => n + c.sink.length, 0));
  let at = 0;
  for (const part of [header, lines, ...columns.map((c) => c.sink)]) {
    out.set(part.view(), at);
    at += part.length;
  }
  return out;
}
