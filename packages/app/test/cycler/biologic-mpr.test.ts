import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { detectFormat } from '../../src/cycler/index.ts';
import { buildMpr, formationRows } from './mpr-fixture.ts';
import { byCycle, chunksOf, collect, near, parseError } from './support.ts';

describe('BioLogic .mpr (generated fixtures)', () => {
  it('reads a version-3 data module: current from control (CC) and dQ/dt (CV), cycles from half cycles', async () => {
    const file = buildMpr(formationRows());
    assert.equal(detectFormat(file), 'biologic-mpr');
    const { points, cycles, parsed } = await collect(chunksOf(file, 100));
    assert.equal(parsed.format, 'biologic-mpr');
    assert.equal(points.length, 8);
    assert.deepEqual(
      points.map((p) => p.currentA * 1000),
      [0, 1, 1, 0.5, 0, -1, -1, 1].map((x) => x),
    );
    assert.deepEqual(
      points.map((p) => p.cycle),
      [0, 0, 0, 0, 0, 0, 0, 1],
    );
    assert.deepEqual(
      points.map((p) => p.step),
      [0, 1, 1, 2, 3, 4, 4, 1],
    );
    near(byCycle(cycles, 0).chargeCapacityAh, 2.25e-3, 1e-12, 'CC + CV charge');
    near(byCycle(cycles, 0).dischargeCapacityAh, 2e-3, 1e-12, 'discharge');
    near(byCycle(cycles, 0).coulombicEfficiency, 2 / 2.25, 1e-9, 'CE');
    near(byCycle(cycles, 1).chargeCapacityAh, 1e-3, 1e-12, 'next cycle restarts');
    assert.ok(byCycle(cycles, 0).chargeEnergyWh > 0, 'energy integrated where the file has none');
  });

  it('reads the EC-Lab 11.50+ module header (with its max-length field) the same way', async () => {
    const v1 = await collect(chunksOf(buildMpr(formationRows())));
    const v2 = await collect(chunksOf(buildMpr(formationRows(), { headerV2: true })));
    assert.deepEqual(v2.points, v1.points);
  });

  it('rejects a truncated file', async () => {
    const file = buildMpr(formationRows());
    const error = await parseError(chunksOf(file.subarray(0, file.length - 10)));
    assert.equal(error.reason, 'truncated');
    assert.match(error.message, /truncated/);
  });

  it('rejects a data column it cannot size, naming the column id', async () => {
    const error = await parseError(
      chunksOf(buildMpr(formationRows(), { columns: [1, 2, 131, 4, 5, 6, 7, 467, 9999] })),
    );
    assert.equal(error.reason, 'damaged-container');
    assert.match(error.message, /9999/);
  });

  it('rejects garbage after the magic', async () => {
    const file = Buffer.concat([
      buildMpr(formationRows()).subarray(0, 52),
      Buffer.from('NOT A MODULE AT ALL'),
    ]);
    const error = await parseError(chunksOf(file));
    assert.equal(error.reason, 'damaged-container');
  });
});
