import { ByteSource } from './byte-sink.ts';
import {
  isSeparator,
  MAX_DIGITS,
  POW10,
  rescale,
  TOKEN_REPEAT,
  TOKEN_VERBATIM,
  unzigzag,
} from './column-format.ts';

const damaged = (what: string): Error => new Error(`original codec: damaged piece (${what})`);

/** One column's stream, read back into `out` at `pos` (column-format.ts). */
class ColumnDecoder extends ByteSource {
  private previous = 0;
  private decimals = 0;
  private verbatimStart = 0;
  private verbatimEnd = 0;

  /** Writes the next field; returns the position after it. */
  read(out: Uint8Array, pos: number): number {
    // One-byte tokens (most differences of a smooth column) without the general varint loop.
    const first = this.pos < this.end ? this.bytes[this.pos]! : 0x80;
    let token: number;
    if (first < 0x80) {
      this.pos += 1;
      token = first;
    } else token = this.varint();
    if (token < 0x80000000 && (token & 1) === 0) {
      // zigzag(Δ) = token / 2, in 31-bit integer operations while it fits (almost always).
      const z = token >>> 1;
      return this.number(out, pos, this.previous + ((z >>> 1) ^ -(z & 1)));
    }
    if (token % 2 === 0) return this.number(out, pos, this.previous + unzigzag(token / 2));
    if (token === TOKEN_VERBATIM) {
      const length = this.varint();
      const start = this.pos;
      if (start + length > this.end) throw damaged('verbatim field');
      out.set(this.bytes.subarray(start, start + length), pos);
      this.pos += length;
      this.verbatimStart = pos;
      this.verbatimEnd = pos + length;
      return pos + length;
    }
    if (token === TOKEN_REPEAT) {
      const length = this.verbatimEnd - this.verbatimStart;
      out.copyWithin(pos, this.verbatimStart, this.verbatimEnd);
      this.verbatimStart = pos;
      this.verbatimEnd = pos + length;
      return pos + length;
    }
    const decimals = (token - 1) / 2 - 2;
    if (decimals > MAX_DIGITS) throw damaged('count of decimals');
    const value = rescale(this.previous, this.decimals, decimals) + unzigzag(this.varint());
    this.decimals = decimals;
    return this.number(out, pos, value);
  }

  /** `value / 10^decimals` written with exactly `decimals` decimals, as it was read. */
  private number(out: Uint8Array, pos: number, value: number): number {
    this.previous = value;
    const decimals = this.decimals;
    if (value < 0) {
      out[pos++] = 0x2d;
      value = -value;
    }
    let digits = 1;
    if (value < 0x80000000) {
      let v = value | 0;
      while (v >= 10) {
        v = (v / 10) | 0;
        digits += 1;
      }
    } else {
      while (digits <= MAX_DIGITS && value >= POW10[digits]!) digits += 1;
      if (digits > MAX_DIGITS) throw damaged('number too long');
    }
    if (digits <= decimals) digits = decimals + 1;
    // Written from the last digit back, the point after the first `digits − decimals` of them.
    const end = pos + digits + (decimals > 0 ? 1 : 0);
    let at = end;
    let k = 0;
    if (value < 0x80000000) {
      let v = value | 0;
      for (; k < digits; k += 1) {
        if (k === decimals && k > 0) out[--at] = 0x2e;
        const q = (v / 10) | 0;
        out[--at] = 0x30 + v - q * 10;
        v = q;
      }
    } else
      for (; k < digits; k += 1) {
        if (k === decimals && k > 0) out[--at] = 0x2e;
        const digit = value % 10;
        out[--at] = 0x30 + digit;
        value = (value - digit) / 10;
      }
    return end;
  }
}

/** The piece encodeColumns was given, byte for byte; a damaged form is an error, never wrong bytes. */
export function decodeColumns(form: Uint8Array): Buffer {
  const header = new ByteSource(form);
  const length = header.varint();
  const separator = header.byte();
  if (!isSeparator(separator)) throw damaged('separator');
  const lineCount = header.varint();
  const columnCount = header.varint();
  const lineBytes = header.varint();
  const columnBytes: number[] = [];
  for (let c = 0; c < columnCount; c += 1) columnBytes.push(header.varint());
  let at = header.pos;
  const lines = new ByteSource(form, at, (at += lineBytes));
  const columns = columnBytes.map((n) => new ColumnDecoder(form, at, (at += n)));
  if (at !== form.length) throw damaged('stream lengths');
  const out = Buffer.allocUnsafe(length);
  let pos = 0;
  for (let line = 0; line < lineCount; line += 1) {
    const shape = lines.varint();
    const fields = Math.floor(shape / 2);
    if (fields > columnCount || fields === 0) throw damaged('field count');
    for (let f = 0; f < fields; f += 1) {
      if (f > 0) out[pos++] = separator;
      // Past the end a typed array drops writes and set() throws: either way the length check fails.
      pos = columns[f]!.read(out, pos);
    }
    if (shape % 2 === 1) out[pos++] = 0x0d;
    if (line < lineCount - 1) out[pos++] = 0x0a;
  }
  if (pos !== length || lines.pos !== lines.end || columns.some((c) => c.pos !== c.end))
    throw damaged('length');
  return out;
}
