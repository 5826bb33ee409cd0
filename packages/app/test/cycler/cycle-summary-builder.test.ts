import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CycleSummaryBuilder, type CyclerPoint } from '../../src/cycler/index.ts';
import { near } from './support.ts';

function point(p: Partial<CyclerPoint> & Pick<CyclerPoint, 'timeS' | 'cycle' | 'currentA'>): CyclerPoint {
  return {
    step: null,
    voltageV: 3.7,
    chargeCapacityAh: null,
    dischargeCapacityAh: null,
    chargeEnergyWh: null,
    dischargeEnergyWh: null,
    temperatureC: null,
    ...p,
  };
}

describe('CycleSummaryBuilder', () => {
  it('takes each cycle’s largest counter, across batches, and computes CE and duration', () => {
    const builder = new CycleSummaryBuilder();
    builder.add([
      point({
        timeS: 0,
        cycle: 1,
        currentA: 1,
        chargeCapacityAh: 0,
        dischargeCapacityAh: 0,
        chargeEnergyWh: 0,
        dischargeEnergyWh: 0,
      }),
      point({
        timeS: 3600,
        cycle: 1,
        currentA: 1,
        chargeCapacityAh: 1,
        dischargeCapacityAh: 0,
        chargeEnergyWh: 3.8,
        dischargeEnergyWh: 0,
      }),
    ]);
    builder.add([
      point({
        timeS: 7200,
        cycle: 1,
        currentA: -1,
        chargeCapacityAh: 1,
        dischargeCapacityAh: 0.98,
        chargeEnergyWh: 3.8,
        dischargeEnergyWh: 3.5,
      }),
      point({
        timeS: 7300,
        cycle: 2,
        currentA: 1,
        chargeCapacityAh: 0.01,
        dischargeCapacityAh: 0,
        chargeEnergyWh: 0.04,
        dischargeEnergyWh: 0,
      }),
    ]);
    assert.deepEqual(builder.finish(), [
      {
        cycle: 1,
        chargeCapacityAh: 1,
        dischargeCapacityAh: 0.98,
        coulombicEfficiency: 0.98,
        chargeEnergyWh: 3.8,
        dischargeEnergyWh: 3.5,
        durationS: 7200,
      },
      {
        cycle: 2,
        chargeCapacityAh: 0.01,
        dischargeCapacityAh: 0,
        coulombicEfficiency: 0,
        chargeEnergyWh: 0.04,
        dischargeEnergyWh: 0,
        durationS: 0,
      },
    ]);
  });

  it('integrates current and power where the file has no counters', () => {
    const builder = new CycleSummaryBuilder();
    builder.add([
      point({ timeS: 0, cycle: 0, currentA: 2, voltageV: 4 }),
      point({ timeS: 1800, cycle: 0, currentA: 2, voltageV: 4 }),
      point({ timeS: 3600, cycle: 0, currentA: -1, voltageV: 3 }),
      point({ timeS: 7200, cycle: 0, currentA: -1, voltageV: 3 }),
    ]);
    const [cycle] = builder.finish();
    // 2 A for 0.5 h, then the trapezoid from 2 A to −1 A averages +0.5 A for 0.5 h, then −1 A for 1 h.
    near(cycle?.chargeCapacityAh, 1 + 0.25, 1e-12, 'charge');
    near(cycle?.dischargeCapacityAh, 1, 1e-12, 'discharge');
    near(cycle?.chargeEnergyWh, 4 + 0.5 * ((8 - 3) / 2), 1e-12, 'charge energy');
    near(cycle?.dischargeEnergyWh, 3, 1e-12, 'discharge energy');
  });

  it('reports CE as null for a cycle without charge, and sorts cycles', () => {
    const builder = new CycleSummaryBuilder();
    builder.add([
      point({ timeS: 10, cycle: 5, currentA: -1, dischargeCapacityAh: 0.5, chargeCapacityAh: 0 }),
    ]);
    builder.add([point({ timeS: 0, cycle: 3, currentA: 1, chargeCapacityAh: 0.2, dischargeCapacityAh: 0 })]);
    const cycles = builder.finish();
    assert.deepEqual(
      cycles.map((c) => c.cycle),
      [3, 5],
    );
    assert.equal(cycles[1]?.coulombicEfficiency, null);
  });
});
