/**
 * BIFF8 strings. A string is [cch u16][flags u8][runs u16?][ext u32?][characters][runs][ext];
 * flags bit 0 says the characters are UTF-16 (otherwise one byte each, the low byte of UTF-16),
 * bit 3 that formatting runs follow, bit 2 that phonetic data follows. In the shared string table
 * a string may be split across CONTINUE records; a split inside the characters starts the next
 * record with a fresh flags byte. [MS-XLS] 2.5.293, 2.5.294.
 */
class SegmentReader {
  readonly #segments: readonly Buffer[];
  #index = 0;
  #position = 0;

  constructor(segments: readonly Buffer[]) {
    this.#segments = segments;
  }

  get done(): boolean {
    this.#skipExhausted();
    return this.#index >= this.#segments.length;
  }

  u8(): number {
    this.#skipExhausted();
    const segment = this.#segments[this.#index];
    if (segment === undefined) throw new RangeError('string table ends early');
    const value = segment.readUInt8(this.#position);
    this.#position += 1;
    return value;
  }

  u16(): number {
    return this.u8() | (this.u8() << 8);
  }

  u32(): number {
    return (this.u16() | (this.u16() << 16)) >>> 0;
  }

  skip(bytes: number): void {
    for (let i = 0; i < bytes; i += 1) this.u8();
  }

  /** `count` characters; a record boundary inside them brings a new flags byte. */
  characters(count: number, wide: boolean): string {
    let text = '';
    let isWide = wide;
    for (let i = 0; i < count; i += 1) {
      if (this.#atSegmentEnd()) {
        this.#index += 1;
        this.#position = 0;
        isWide = (this.u8() & 0x01) !== 0;
      }
      text += String.fromCharCode(isWide ? this.u16() : this.u8());
    }
    return text;
  }

  #atSegmentEnd(): boolean {
    const segment = this.#segments[this.#index];
    return segment !== undefined && this.#position >= segment.length;
  }

  #skipExhausted(): void {
    while (this.#atSegmentEnd()) {
      this.#index += 1;
      this.#position = 0;
    }
  }
}

/** One full string starting at the reader's position. */
function readString(reader: SegmentReader): string {
  const count = reader.u16();
  const flags = reader.u8();
  const runs = (flags & 0x08) !== 0 ? reader.u16() : 0;
  const phonetic = (flags & 0x04) !== 0 ? reader.u32() : 0;
  const text = reader.characters(count, (flags & 0x01) !== 0);
  reader.skip(runs * 4 + phonetic);
  return text;
}

/** The shared string table: SST data without its 8-byte counts, then each CONTINUE's data. */
export function readSharedStrings(segments: readonly Buffer[]): string[] {
  const [first, ...rest] = segments;
  if (first === undefined || first.length < 8) return [];
  const unique = first.readUInt32LE(4);
  const reader = new SegmentReader([first.subarray(8), ...rest]);
  const strings: string[] = [];
  while (strings.length < unique && !reader.done) strings.push(readString(reader));
  return strings;
}

/** A string held within one record (LABEL, STRING): [cch u16][flags u8][characters]. */
export function readRecordString(data: Buffer, offset: number): string {
  return readString(new SegmentReader([data.subarray(offset)]));
}

/** A BOUNDSHEET name: [cch u8][flags u8][characters]. */
export function readShortString(data: Buffer, offset: number): string {
  const count = data.readUInt8(offset);
  const wide = (data.readUInt8(offset + 1) & 0x01) !== 0;
  const start = offset + 2;
  return wide
    ? data.toString('utf16le', start, start + 2 * count)
    : data.toString('latin1', start, start + count);
}
