import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  detectFormat,
  syntheticChargeAh,
  syntheticCyclerCsv,
  syntheticCyclerCsvChunks,
  syntheticDischargeAh,
} from '../../src/cycler/index.ts';
import { chunksOf, collect, near } from './support.ts';

const RUN = { cycles: 3, pointsPerHalfCycle: 50, capacityAh: 0.005, fadePerCycle: 0.02, seed: 11 };

describe('syntheticCyclerCsv', () => {
  it('is deterministic for a seed and differs between seeds', () => {
    assert.equal(syntheticCyclerCsv(RUN), syntheticCyclerCsv(RUN));
    assert.notEqual(syntheticCyclerCsv(RUN), syntheticCyclerCsv({ ...RUN, seed: 12 }));
    assert.equal([...syntheticCyclerCsvChunks(RUN)].join(''), syntheticCyclerCsv(RUN));
  });

  it('is an Arbin CSV whose summary is the capacities it was made with', async () => {
    const csv = syntheticCyclerCsv(RUN);
    assert.equal(detectFormat(Buffer.from(csv)), 'arbin-csv');
    const { points, cycles } = await collect(chunksOf(csv));
    assert.equal(points.length, RUN.cycles * 2 * RUN.pointsPerHalfCycle);
    assert.deepEqual(
      cycles.map((c) => c.cycle),
      [1, 2, 3],
    );
    for (const c of cycles) {
      near(c.dischargeCapacityAh, syntheticDischargeAh(RUN, c.cycle), 1e-12, `Qdis ${c.cycle}`);
      near(c.chargeCapacityAh, syntheticChargeAh(RUN, c.cycle), 1e-12, `Qchg ${c.cycle}`);
      assert.ok(c.dischargeEnergyWh > 0 && c.dischargeEnergyWh < c.chargeEnergyWh, 'energy efficiency < 1');
    }
    near(cycles[2]?.dischargeCapacityAh, 0.005 * 0.98 ** 2, 1e-12, 'fade');
    assert.ok(
      points.every((p) => p.voltageV > 2.5 && p.voltageV < 4),
      'plausible voltages',
    );
  });
});
