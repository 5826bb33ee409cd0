/**
 * Writes small BioLogic .mpr files for tests that must not depend on the real files: the same
 * container layout (file header, MODULE blocks, data module version 3) with chosen columns.
 */
export interface MprRow {
  mode: 1 | 2 | 3;
  ns: number;
  timeS: number;
  control: number;
  ewe: number;
  dqmAh: number;
  qmAh: number;
  halfCycle: number;
}

/** Column ids written, in record order: flags (mode, ox/red), Ns, time, control, Ewe, dQ, Q, half cycle. */
export const FIXTURE_COLUMNS = [1, 2, 131, 4, 5, 6, 7, 467, 468];

export function buildMpr(
  rows: readonly MprRow[],
  options: { headerV2?: boolean; columns?: number[] } = {},
): Buffer {
  const columns = options.columns ?? FIXTURE_COLUMNS;
  const header = Buffer.alloc(52, 0);
  Buffer.from('BIO-LOGIC MODULAR FILE\x1a'.padEnd(48, ' '), 'latin1').copy(header);

  const dataHeader = Buffer.alloc(406, 0);
  dataHeader.writeUInt32LE(rows.length, 0);
  dataHeader.writeUInt8(columns.length, 4);
  columns.forEach((id, i) => dataHeader.writeUInt16LE(id, 5 + 2 * i));
  dataHeader.writeUInt8(1, 405);
  const records = rows.map((row) => {
    const r = Buffer.alloc(1 + 2 + 8 + 4 + 4 + 8 + 8 + 4);
    let o = 0;
    r.writeUInt8(row.mode | (row.control > 0 ? 0x04 : 0), o);
    o += 1;
    r.writeUInt16LE(row.ns, o);
    o += 2;
    r.writeDoubleLE(row.timeS, o);
    o += 8;
    r.writeFloatLE(row.control, o);
    o += 4;
    r.writeFloatLE(row.ewe, o);
    o += 4;
    r.writeDoubleLE(row.dqmAh, o);
    o += 8;
    r.writeDoubleLE(row.qmAh, o);
    o += 8;
    r.writeUInt32LE(row.halfCycle, o);
    return r;
  });

  return Buffer.concat([
    header,
    module('VMP Set', 'VMP settings', Buffer.alloc(64, 0), 0, options.headerV2 === true),
    module('VMP data', 'VMP data', Buffer.concat([dataHeader, ...records]), 3, options.headerV2 === true),
  ]);
}

function module(short: string, long: string, data: Buffer, version: number, v2: boolean): Buffer {
  const head = Buffer.alloc(6 + (v2 ? 59 : 51), 0);
  head.write('MODULE', 0, 'latin1');
  head.write(short.padEnd(10, ' '), 6, 'latin1');
  head.write(long.padEnd(25, ' '), 16, 'latin1');
  let o = 41;
  if (v2) {
    head.writeUInt32LE(0xffffffff, o);
    o += 4;
  }
  head.writeUInt32LE(data.length, o);
  head.writeUInt32LE(version, o + 4);
  o += 8;
  if (v2) o += 4;
  head.write('01/02/25', o, 'latin1');
  return Buffer.concat([head, data]);
}

/** A formation cycle: CC charge, CV hold, rest, CC discharge (half cycles 0 and 1), 1 mA. */
export function formationRows(): MprRow[] {
  return [
    { mode: 3, ns: 0, timeS: 0, control: 0, ewe: 3.0, dqmAh: 0, qmAh: 0, halfCycle: 0 },
    { mode: 1, ns: 1, timeS: 3600, control: 1, ewe: 4.0, dqmAh: 1, qmAh: 1, halfCycle: 0 },
    { mode: 1, ns: 1, timeS: 7200, control: 1, ewe: 4.2, dqmAh: 1, qmAh: 2, halfCycle: 0 },
    // CV: the control value is a voltage, the current comes from dQ/dt (0.25 mA·h in 1800 s = 0.5 mA).
    { mode: 2, ns: 2, timeS: 9000, control: 4.2, ewe: 4.2, dqmAh: 0.25, qmAh: 2.25, halfCycle: 0 },
    { mode: 3, ns: 3, timeS: 9600, control: 0, ewe: 4.1, dqmAh: 0, qmAh: 2.25, halfCycle: 0 },
    { mode: 1, ns: 4, timeS: 13200, control: -1, ewe: 3.5, dqmAh: -1, qmAh: -1, halfCycle: 1 },
    { mode: 1, ns: 4, timeS: 16800, control: -1, ewe: 3.0, dqmAh: -1, qmAh: -2, halfCycle: 1 },
    { mode: 1, ns: 1, timeS: 20400, control: 1, ewe: 4.0, dqmAh: 1, qmAh: 1, halfCycle: 2 },
  ];
}
