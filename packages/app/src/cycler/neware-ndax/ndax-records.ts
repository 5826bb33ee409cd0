import { CyclerParseError } from '../cycler-parse-error.ts';
import { ndcRecords, RANGE_FACTOR, type NdcFile } from './ndc-pages.ts';

/** One sample as Neware records it (mA, mAh, mWh; time in s since the test started). */
export interface NdaxRecord {
  index: number;
  cycle: number;
  /** The procedure's step number. */
  step: number;
  /** Changes at every step the test runs (counters restart there). */
  stepRun: number;
  status: number;
  timeS: number;
  voltageV: number;
  currentMA: number;
  chargeMAh: number;
  dischargeMAh: number;
  chargeMWh: number;
  dischargeMWh: number;
}

/**
 * Version 5: every sample is one 87-byte record in data.ndc (type byte 0x55 at +7) with all of
 * index, cycle (from 0), step, state, step time (ms), voltage (0.1 mV), current and counters as
 * integers scaled by the channel's current range (+82), and the wall-clock second (+75). The
 * step time restarts at every step, so test time is the step's start on the wall clock (from
 * the first record) plus the step time, which keeps the millisecond resolution within a step.
 */
export function* version5Records(data: NdcFile): Generator<NdaxRecord> {
  const b = data.bytes;
  let stepRun = 0;
  let last = '';
  let firstClock: number | null = null;
  let stepStart = 0;
  for (const o of ndcRecords(data, 125, 56, 87)) {
    if (b[o + 7] !== 0x55) continue;
    const range = b.readInt32LE(o + 82);
    const factor = RANGE_FACTOR[range];
    if (factor === undefined)
      throw new CyclerParseError(`This Neware .ndax file uses a current range (${range}) we do not know.`, {
        reason: 'damaged-container',
      });
    const cycle = b.readUInt32LE(o + 12) + 1;
    const step = b[o + 16]!;
    const key = `${cycle}/${step}`;
    const stepMs = Number(b.readBigUInt64LE(o + 23));
    if (key !== last) {
      stepRun += 1;
      last = key;
      const clock = Date.UTC(
        b.readUInt16LE(o + 75),
        b[o + 77]! - 1,
        b[o + 78],
        b[o + 79],
        b[o + 80],
        b[o + 81],
      );
      firstClock ??= clock;
      stepStart = clock - firstClock - stepMs;
    }
    yield {
      index: b.readUInt32LE(o + 8),
      cycle,
      step,
      stepRun,
      status: b[o + 17]!,
      timeS: (stepStart + stepMs) / 1000,
      voltageV: b.readInt32LE(o + 31) / 10000,
      currentMA: b.readInt32LE(o + 35) * factor,
      chargeMAh: (Number(b.readBigInt64LE(o + 43)) * factor) / 3600,
      dischargeMAh: (Number(b.readBigInt64LE(o + 51)) * factor) / 3600,
      chargeMWh: (Number(b.readBigInt64LE(o + 59)) * factor) / 3600,
      dischargeMWh: (Number(b.readBigInt64LE(o + 67)) * factor) / 3600,
    };
  }
}
