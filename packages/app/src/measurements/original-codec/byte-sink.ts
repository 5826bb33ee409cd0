/**
 * A growable byte buffer written with char codes and LEB128 varints — the codec's streams are
 * built in one pass without a string or an array per field.
 */
export class ByteSink {
  bytes: Uint8Array;
  length = 0;

  constructor(capacity = 256) {
    this.bytes = new Uint8Array(capacity);
  }

  private room(n: number): void {
    if (this.length + n <= this.bytes.length) return;
    let capacity = this.bytes.length * 2;
    while (capacity < this.length + n) capacity *= 2;
    const bigger = new Uint8Array(capacity);
    bigger.set(this.bytes.subarray(0, this.length));
    this.bytes = bigger;
  }

  byte(b: number): void {
    this.room(1);
    this.bytes[this.length++] = b;
  }

  /** Unsigned integer up to 2^53 − 1, 7 bits a byte, low bits first. */
  varint(n: number): void {
    this.room(8);
    // Bit operations are exact below 2^31; above, plain division keeps every bit of a safe integer.
    while (n >= 0x80000000) {
      const low = n % 128;
      this.bytes[this.length++] = low | 0x80;
      n = (n - low) / 128;
    }
    while (n >= 0x80) {
      this.bytes[this.length++] = (n & 0x7f) | 0x80;
      n >>>= 7;
    }
    this.bytes[this.length++] = n;
  }

  /** Bytes [start, end) of `source`. */
  copy(source: Uint8Array, start: number, end: number): void {
    const n = end - start;
    this.room(n);
    if (n < 16) for (let i = start; i < end; i += 1) this.bytes[this.length++] = source[i]!;
    else {
      this.bytes.set(source.subarray(start, end), this.length);
      this.length += n;
    }
  }

  view(): Uint8Array {
    return this.bytes.subarray(0, this.length);
  }
}

/** Reads what a ByteSink wrote; past the end is an error (a damaged piece), never a silent 0. */
export class ByteSource {
  pos: number;

  constructor(
    readonly bytes: Uint8Array,
    start = 0,
    readonly end = bytes.length,
  ) {
    this.pos = start;
  }

  byte(): number {
    if (this.pos >= this.end) throw new Error('original codec: stream ends early');
    return this.bytes[this.pos++]!;
  }

  varint(): number {
    let n = 0;
    let scale = 1;
    for (;;) {
      const b = this.byte();
      n += (b & 0x7f) * scale;
      if (b < 0x80) return n;
      scale *= 128;
      if (scale > 2 ** 56) throw new Error('original codec: varint too long');
    }
  }
}
