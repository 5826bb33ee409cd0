/**
 * The record layer of a BIFF8 workbook stream (Excel 97–2003 .xls): a sequence of
 * [type u16][length u16][data] records. See [MS-XLS] 2.1.4.
 */
export interface BiffRecord {
  type: number;
  /** Offset of the record header in the stream. */
  offset: number;
  data: Buffer;
}

export const BIFF = {
  BOF: 0x0809,
  EOF: 0x000a,
  BOUNDSHEET: 0x0085,
  SST: 0x00fc,
  CONTINUE: 0x003c,
  LABELSST: 0x00fd,
  LABEL: 0x0204,
  NUMBER: 0x0203,
  RK: 0x027e,
  MULRK: 0x00bd,
  FORMULA: 0x0006,
  STRING: 0x0207,
} as const;

/** Records from `start` to the end of the stream (a record cut short ends the iteration). */
export function* biffRecords(stream: Buffer, start = 0): Generator<BiffRecord> {
  let offset = start;
  while (offset + 4 <= stream.length) {
    const type = stream.readUInt16LE(offset);
    const length = stream.readUInt16LE(offset + 2);
    const end = offset + 4 + length;
    if (end > stream.length) return;
    yield { type, offset, data: stream.subarray(offset + 4, end) };
    offset = end;
  }
}

/** An RK number: a compressed double or 30-bit integer, optionally divided by 100. [MS-XLS] 2.5.217 */
export function decodeRk(rk: number): number {
  const divide = (rk & 0x01) !== 0;
  let value: number;
  if ((rk & 0x02) !== 0) {
    value = rk >> 2; // signed 30-bit integer
  } else {
    const bytes = Buffer.alloc(8);
    bytes.writeInt32LE(rk & ~0x03, 4);
    value = bytes.readDoubleLE(0);
  }
  return divide ? value / 100 : value;
}
