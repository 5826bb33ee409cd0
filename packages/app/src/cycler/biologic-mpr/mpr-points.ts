import { CyclerParseError } from '../cycler-parse-error.ts';
import type { CyclerPoint } from '../cycler-types.ts';
import { WithinCycleCounters } from '../normalise/within-cycle-counter.ts';
import { MPR_COLUMN, MPR_MODE_MASK } from './mpr-columns.ts';
import { readMprValue, type MprLayout } from './mpr-data.ts';

type Reader = (record: number) => number;

/**
 * Turns the records of an .mpr data module into points, lazily (the buffer is held, the points
 * are not). GCPL files such as SOURCES.md A4 have no current and no cycle column:
 *  - current is I/mA where present; otherwise the control value in constant-current mode, dQ/dt
 *    in constant-voltage mode (the control value is then a voltage), and 0 at rest;
 *  - the cycle is "cycle number" where present, otherwise two half cycles make one cycle
 *    (BioLogic numbers both from 0, so half cycles 0–5 are cycles 0–2).
 * "Q charge/discharge" is signed (negative while discharging) and restarts every half cycle.
 */
export function* mprPoints(bytes: Buffer, layout: MprLayout): Generator<CyclerPoint> {
  const column = (ids: readonly number[]): Reader | null => {
    for (const id of ids) {
      const field = layout.fields.get(id);
      if (field === undefined) continue;
      return (record) =>
        readMprValue(bytes, layout.dataStart + record * layout.recordBytes + field.offset, field.type);
    }
    return null;
  };
  const time = column(MPR_COLUMN.time);
  const voltage = column(MPR_COLUMN.voltage);
  if (time === null || voltage === null) {
    throw new CyclerParseError(
      'This BioLogic .mpr file has no time or no voltage column; it is not cycling data.',
      {
        reason: 'missing-column',
        column: time === null ? 'time/s' : 'Ewe/V',
      },
    );
  }
  const current = column(MPR_COLUMN.current);
  const control = column(MPR_COLUMN.controlVmA);
  const dq = column(MPR_COLUMN.dqmAh);
  const cycleNumber = column(MPR_COLUMN.cycleNumber);
  const halfCycle = column(MPR_COLUMN.halfCycle);
  const step = column(MPR_COLUMN.step);
  const signedQ = column(MPR_COLUMN.signedQmAh);
  const qCharge = column(MPR_COLUMN.qCharge);
  const qDischarge = column(MPR_COLUMN.qDischarge);
  const energyCharge = column(MPR_COLUMN.energyCharge);
  const energyDischarge = column(MPR_COLUMN.energyDischarge);
  const temperature = column(MPR_COLUMN.temperature);
  const flagsOffset = layout.flagsOffset;
  const mode = (record: number): number =>
    flagsOffset === null
      ? 0
      : bytes.readUInt8(layout.dataStart + record * layout.recordBytes + flagsOffset) & MPR_MODE_MASK;

  const counters = new WithinCycleCounters();
  let previousTime: number | null = null;
  for (let r = 0; r < layout.points; r += 1) {
    const timeS = time(r);
    let currentA: number;
    if (current !== null) currentA = current(r) / 1000;
    else if (control !== null && mode(r) === 1) currentA = control(r) / 1000;
    else if (dq !== null && mode(r) !== 3 && previousTime !== null && timeS > previousTime) {
      currentA = (dq(r) * 3.6) / (timeS - previousTime); // mA·h → C, over seconds → A
    } else currentA = 0;
    previousTime = timeS;

    const half = halfCycle === null ? null : halfCycle(r);
    const cycle =
      cycleNumber !== null ? Math.round(cycleNumber(r)) : half !== null ? Math.floor(half / 2) : 0;
    const ns = step === null ? null : step(r);
    const q = signedQ === null ? null : signedQ(r);
    const point: CyclerPoint = {
      timeS,
      cycle,
      step: ns,
      currentA,
      voltageV: voltage(r),
      chargeCapacityAh: null,
      dischargeCapacityAh: null,
      chargeEnergyWh: null,
      dischargeEnergyWh: null,
      temperatureC: temperature === null ? null : temperature(r),
    };
    // A step boundary is a change of Ns or of half cycle.
    yield counters.fill(
      point,
      (half ?? 0) * 65536 + (ns ?? 0),
      qCharge !== null ? qCharge(r) / 1000 : q === null ? null : Math.max(q, 0) / 1000,
      qDischarge !== null ? qDischarge(r) / 1000 : q === null ? null : Math.max(-q, 0) / 1000,
      energyCharge === null ? null : energyCharge(r),
      energyDischarge === null ? null : energyDischarge(r),
    );
  }
}
