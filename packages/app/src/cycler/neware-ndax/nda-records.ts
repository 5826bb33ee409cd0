import { CyclerParseError } from '../cycler-parse-error.ts';
import type { NdaxRecord } from './ndax-records.ts';
import { RANGE_FACTOR } from './ndc-pages.ts';

/** An .nda's "NEWARE" magic; its format version is byte 14. */
export const NDA_MAGIC = Buffer.from('NEWARE', 'latin1');

/** The one .nda version we read (BTSDA 7.x); others are refused by name. */
const NDA_VERSION = 29;
const RECORD = 86;

/**
 * Neware's legacy .nda (BTSDA 7), version 29: after a variable header, back-to-back 86-byte
 * records; a sample starts 0x55 0x00 and ends in four zero bytes, with index (+2), cycle from 0
 * (+6), step (+10, u16), state (+12), step time in ms (+14), voltage in 0.1 mV (+22), current and
 * counters scaled by the current range (+78), and the wall-clock second (+70). The first record is
 * found by its marker and a non-zero state, then records are read in step. Newer versions (130:
 * BTSDA 8/9) change the record every release and are not read: BTSDA exports them as .ndax.
 */
export function ndaRecords(file: Buffer): Iterable<NdaxRecord> {
  const version = file[14];
  if (version !== NDA_VERSION)
    throw new CyclerParseError(
      `This Neware .nda file is format version ${version ?? '?'}; we read version ${NDA_VERSION} ` +
        '(BTSDA 7). Open it in BTSDA and export it as .ndax or CSV.',
      { reason: 'unrecognised-format' },
    );
  // Checked now, so that a file we cannot read fails before anything is stored.
  return records(file, firstRecord(file));
}

function* records(file: Buffer, first: number): Generator<NdaxRecord> {
  let at = first;
  let stepRun = 0;
  let last = '';
  let firstClock: number | null = null;
  let stepStart = 0;
  for (; at + RECORD <= file.length; at += RECORD) {
    if (file[at] !== 0x55 || file[at + 1] !== 0 || file.readUInt32LE(at + 82) !== 0) continue;
    const index = file.readUInt32LE(at + 2);
    const status = file[at + 12]!;
    if (index === 0 || status === 0) continue;
    const factor = RANGE_FACTOR[file.readInt32LE(at + 78)];
    if (factor === undefined)
      throw new CyclerParseError(
        `This Neware .nda file uses a current range we do not know (byte ${at + 78}).`,
        {
          reason: 'damaged-container',
        },
      );
    const cycle = file.readUInt32LE(at + 6) + 1;
    const step = file.readUInt16LE(at + 10);
    const stepMs = Number(file.readBigUInt64LE(at + 14));
    const key = `${cycle}/${step}`;
    if (key !== last) {
      stepRun += 1;
      last = key;
      const clock = Date.UTC(
        file.readUInt16LE(at + 70),
        file[at + 72]! - 1,
        file[at + 73],
        file[at + 74],
        file[at + 75],
        file[at + 76],
      );
      firstClock ??= clock;
      stepStart = clock - firstClock - stepMs;
    }
    const scaled = (offset: number): number => (Number(file.readBigInt64LE(at + offset)) * factor) / 3600;
    yield {
      index,
      cycle,
      step,
      stepRun,
      status,
      timeS: (stepStart + stepMs) / 1000,
      voltageV: file.readInt32LE(at + 22) / 10000,
      currentMA: file.readInt32LE(at + 26) * factor,
      chargeMAh: scaled(38),
      dischargeMAh: scaled(46),
      chargeMWh: scaled(54),
      dischargeMWh: scaled(62),
    };
  }
}

/** The offset of the first sample record: its marker, a non-zero state, and the next record's marker. */
function firstRecord(file: Buffer): number {
  const marker = Buffer.from([0, 0, 0, 0, 0x55, 0]);
  for (let at = file.indexOf(marker); at !== -1; at = file.indexOf(marker, at + 4)) {
    const start = at + 4;
    if (start + RECORD >= file.length) break;
    if (file[start + 12] !== 0 && file[start + RECORD] === 0x55) return start;
  }
  throw new CyclerParseError('This Neware .nda file holds no sample records.', { reason: 'no-data' });
}
