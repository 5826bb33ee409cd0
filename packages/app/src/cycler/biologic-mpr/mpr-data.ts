import { CyclerParseError } from '../cycler-parse-error.ts';
import { MPR_FLAG_IDS, MPR_TYPE_BYTES, mprType, type MprType } from './mpr-columns.ts';
import type { MprModule } from './mpr-modules.ts';

/** Where each column sits in a record of the data module. */
export interface MprLayout {
  points: number;
  columnIds: number[];
  recordBytes: number;
  /** Byte offset of the first record within the module's data. */
  dataStart: number;
  /** Column id → offset in the record and type; all flag ids share the flags byte. */
  fields: Map<number, { offset: number; type: MprType }>;
  /** Offset of the flags byte, when any flag column is present. */
  flagsOffset: number | null;
}

/**
 * Reads the data module's header: number of points, column ids, and where records start.
 * Versions 2 and 3 store ids as u16 with records at byte 405 (406 for v3); version 0 stores them
 * as bytes with records at 100, or (EC-Lab >= 11.50) as u16 with records at 1007.
 */
export function readMprLayout(data: MprModule): MprLayout {
  const bytes = data.data;
  if (bytes.length < 6) throw damaged('its data module is too short');
  const points = bytes.readUInt32LE(0);
  const count = bytes.readUInt8(4);
  let columnIds: number[];
  let dataStart: number;
  if (data.version === 2 || data.version === 3) {
    columnIds = Array.from({ length: count }, (_, i) => bytes.readUInt16LE(5 + 2 * i));
    dataStart = data.version === 3 ? 406 : 405;
  } else if (data.version === 0 && bytes.readUInt8(5) !== 0) {
    columnIds = Array.from({ length: count }, (_, i) => bytes.readUInt8(5 + i));
    dataStart = 100;
  } else if (data.version === 0) {
    columnIds = Array.from({ length: count }, (_, i) => bytes.readUInt8(6 + 2 * i));
    dataStart = 1007;
  } else {
    throw damaged(`its data module has version ${data.version}, which we do not know`);
  }

  const fields = new Map<number, { offset: number; type: MprType }>();
  let flagsOffset: number | null = null;
  let offset = 0;
  for (const id of columnIds) {
    if (MPR_FLAG_IDS.has(id)) {
      if (flagsOffset === null) {
        flagsOffset = offset;
        offset += 1;
      }
      continue;
    }
    const type = mprType(id);
    if (type === undefined) throw damaged(`it has a data column with id ${id}, which we do not know`);
    fields.set(id, { offset, type });
    offset += MPR_TYPE_BYTES[type];
  }

  const available = Math.floor((bytes.length - dataStart) / Math.max(offset, 1));
  if (available < points) {
    throw new CyclerParseError(
      `This BioLogic .mpr file announces ${points} points but holds only ${available}: it looks truncated.`,
      { reason: 'truncated' },
    );
  }
  return { points, columnIds, recordBytes: offset, dataStart, fields, flagsOffset };
}

/** Reads one value of a record. */
export function readMprValue(bytes: Buffer, at: number, type: MprType): number {
  switch (type) {
    case 'f8':
      return bytes.readDoubleLE(at);
    case 'f4':
      return bytes.readFloatLE(at);
    case 'u4':
      return bytes.readUInt32LE(at);
    case 'u2':
      return bytes.readUInt16LE(at);
    case 'u1':
      return bytes.readUInt8(at);
  }
}

function damaged(why: string): CyclerParseError {
  return new CyclerParseError(`This BioLogic .mpr file cannot be read: ${why}.`, {
    reason: 'damaged-container',
  });
}
