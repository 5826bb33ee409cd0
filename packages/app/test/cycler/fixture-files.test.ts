/**
 * The real files of fixtures/cyclers (one per layout beyond ../shared): detected by content, and
 * every cycle's capacities equal to what the cycler software itself reports in the same file.
 */
import assert from 'node:assert/strict';
import { createReadStream } from 'node:fs';
import { describe, it } from 'node:test';
import { collect, near } from './support.ts';
import { FIXTURE_FILES, fixture } from '../support/fixture-cyclers.ts';
import { CycleSummaryBuilder } from '../../src/cycler/index.ts';

describe('fixture cycler files (fixtures/cyclers)', () => {
  for (const [file, expected] of Object.entries(FIXTURE_FILES)) {
    it(`${file}: ${expected.format}, cycles and capacities as the cycler reports them`, async () => {
      const { parsed, points, cycles } = await collect(createReadStream(fixture(file)));
      assert.equal(parsed.format, expected.format);
      assert.equal(points.length, expected.points);
      const own = await expected.own();
      assert.deepEqual(
        cycles.map((c) => c.cycle),
        [...own.keys()].sort((a, b) => a - b),
      );
      for (const c of cycles) {
        const [charge, discharge] = own.get(c.cycle)!;
        near(c.chargeCapacityAh, charge, expected.tolerance, `${file} Qchg ${c.cycle}`);
        near(c.dischargeCapacityAh, discharge, expected.tolerance, `${file} Qdis ${c.cycle}`);
      }
      if (parsed.kind === 'cycle-summary') return;
      const builder = new CycleSummaryBuilder();
      builder.add(points);
      assert.equal(builder.capacitySource, 'cycler', 'capacities from the cycler’s columns');
      assert.ok(points.every((p) => Number.isFinite(p.timeS) && Number.isFinite(p.voltageV)));
      assert.ok(
        points.every((p, i) => i === 0 || p.timeS >= points[i - 1]!.timeS - 1e-6),
        'test time never runs backwards',
      );
    });
  }

  it('Maccor MIMS: the key/value header becomes metadata, Windows-1252 bytes decoded', async () => {
    const { parsed } = await collect(createReadStream(fixture('maccor/maccor_002.txt')));
    assert.equal(parsed.metadata['maccor.Tester'], 'Maccor #4');
    assert.equal(parsed.metadata['maccor.Started'], '5/11/2021 3:40:24 PM');
    // 0xFF is "ÿ" in Windows-1252; as UTF-8 it would have been U+FFFD.
    assert.match(parsed.metadata['maccor.Description'] ?? '', /^SIMBA-Capacity_test ÿ+$/);
  });

  it('Maccor MIMS: unit-less TestTime counts minutes (63.5 h from start to end)', async () => {
    const { points } = await collect(createReadStream(fixture('maccor/maccor_002.txt')));
    near(points.at(-1)!.timeS / 3600, 63.497, 1e-3, 'hours');
  });

  it('Neware .ndax: TestInfo metadata, test time on the wall clock from start to end', async () => {
    const { parsed, points } = await collect(createReadStream(fixture('neware/navani_test.ndax')));
    assert.equal(parsed.metadata['neware.StartTime'], '2024-02-01 20:24:23');
    // 20:24:23 → 08:34:23 next day.
    near(points.at(-1)!.timeS, 12 * 3600 + 10 * 60, 1, 'test time');
    const v14 = await collect(createReadStream(fixture('neware/nw4-120-6-1-36.ndax')));
    assert.equal(v14.parsed.metadata['neware.Barcode'], 'commercial_cell_009');
    // 10:59:55 → 03:55:39 next day (the last record comes a few seconds before the end).
    near(v14.points.at(-1)!.timeS, 16 * 3600 + 55 * 60 + 44, 30, 'test time');
  });
});
