/**
 * Every real cycler file of shared/data/cyclers (SOURCES.md) is detected, parsed, and gives the
 * figures SOURCES.md states. The files live beside the repository; without them the run
 * reports this suite skipped with the reason (failed under CI=true).
 */
import assert from 'node:assert/strict';
import { createReadStream, readFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';
import { detectFormat, DETECTION_HEAD_BYTES, type CyclerFormat } from '../../src/cycler/index.ts';
import { sheetRows } from '../../src/cycler/xls/biff-workbook.ts';
import { readXls } from '../../src/cycler/xls/read-xls.ts';
import {
  byCycle,
  collect,
  CYCLER_DATA,
  HAVE_CYCLER_DATA,
  near,
  withoutCyclerData,
  type Collected,
} from './support.ts';

const FILES: Record<string, CyclerFormat> = {
  'arbin/arbin_example.csv': 'arbin-csv',
  'maccor/xTESLADIAG_000038con.078': 'maccor-text',
  'biologic/Sample_data_biologic_CA1.txt': 'biologic-text',
  'biologic/250116_kigr_gen6_01_02_GCPL_CD8.mpr': 'biologic-mpr',
  'neware/neware_uio.csv': 'neware-csv',
  'neware/custom_data_003.xls': 'neware-xls',
  'bdf/SINTEF__LiGrR2032__2024-04-30__25degC__Landt.bdf.csv': 'bdf-csv',
  'batterydata/p492-13-raw.csv': 'batterydata-raw',
  'batterydata/p492-13-summary.csv': 'batterydata-summary',
};

const cache = new Map<string, Promise<Collected>>();
function parsed(file: string): Promise<Collected> {
  let result = cache.get(file);
  if (result === undefined) {
    result = collect(createReadStream(path.join(CYCLER_DATA, file)));
    cache.set(file, result);
  }
  return result;
}

const mAh = 1e-3;

if (!HAVE_CYCLER_DATA) {
  withoutCyclerData('real cycler files');
} else {
  describe('real cycler files', () => {
    it('detects every file by its content', async () => {
      for (const [file, format] of Object.entries(FILES)) {
        const handle = await open(path.join(CYCLER_DATA, file));
        const { buffer, bytesRead } = await handle.read(
          Buffer.alloc(DETECTION_HEAD_BYTES),
          0,
          DETECTION_HEAD_BYTES,
          0,
        );
        await handle.close();
        assert.equal(detectFormat(buffer.subarray(0, bytesRead)), format, file);
        const { parsed: p } = await parsed(file);
        assert.equal(p.format, format, file);
      }
    });

    it('Arbin: 2 cycles, Qdis 1.0724 / 1.0729 Ah, partial first cycle keeps the counter', async () => {
      const { points, cycles, parsed: p } = await parsed('arbin/arbin_example.csv');
      assert.equal(points.length, 2142);
      assert.equal(p.stats.rows, 2142);
      assert.deepEqual(
        cycles.map((c) => c.cycle),
        [1, 2],
      );
      near(byCycle(cycles, 1).dischargeCapacityAh, 1.0724, 5e-5, 'Qdis 1');
      near(byCycle(cycles, 2).dischargeCapacityAh, 1.0729, 5e-5, 'Qdis 2');
      near(
        byCycle(cycles, 1).chargeCapacityAh,
        1.0719,
        5e-5,
        'Qchg 1 (includes the 0.88 Ah before the file starts)',
      );
      near(points[0]?.chargeCapacityAh, 0.8800053, 1e-9, 'first row counter');
      near(byCycle(cycles, 2).coulombicEfficiency, 1.0004, 1e-4, 'CE 2');
      assert.equal(points[0]?.step, 10);
      near(points.at(-1)?.timeS, 6308.4823, 1e-6, 'last time');
      assert.ok(
        points.some((pt) => pt.currentA > 1) && points.some((pt) => pt.currentA < -1),
        'signed current',
      );
    });

    it('Maccor: cycles 0–7, Qdis 4.394 → 4.347 Ah, charge = CC + CV steps', async () => {
      const { points, cycles, parsed: p } = await parsed('maccor/xTESLADIAG_000038con.078');
      assert.equal(points.length, 3873);
      assert.deepEqual(
        cycles.map((c) => c.cycle),
        [0, 1, 2, 3, 4, 5, 6, 7],
      );
      near(byCycle(cycles, 0).dischargeCapacityAh, 4.394, 5e-4, 'Qdis 0');
      near(byCycle(cycles, 7).dischargeCapacityAh, 4.347, 5e-4, 'Qdis 7');
      // Step 4 (CC) reached 3.9310 Ah and step 5 (CV) 0.4855 Ah in cycle 1.
      near(byCycle(cycles, 1).chargeCapacityAh, 3.931 + 0.4855, 5e-4, 'Qchg 1 = CC + CV');
      // Cycle 0 starts from a partly charged cell; from cycle 1 on, capacity fades every cycle.
      const fade = cycles.slice(1).map((c) => c.dischargeCapacityAh);
      assert.ok(
        fade.slice(1).every((q, i) => q < (fade[i] ?? 0)),
        `fades: ${fade.join(', ')}`,
      );
      assert.equal(p.metadata['maccor.procedure'], 'xTESLADIAG_000038.000');
      assert.equal(p.metadata['maccor.dateOfTest'], '08/15/2019');
      assert.ok(
        points.filter((pt) => pt.step === 6).every((pt) => pt.currentA <= 0),
        'discharge negative',
      );
    });

    it('BioLogic text: 1,397 rows, cycle 0, header metadata, mangled °C column', async () => {
      const { points, cycles, parsed: p } = await parsed('biologic/Sample_data_biologic_CA1.txt');
      assert.equal(points.length, 1397);
      assert.deepEqual(
        cycles.map((c) => c.cycle),
        [0],
      );
      near(points.at(-1)?.timeS, 139.524, 1e-3, 'last time');
      near(points.at(-1)?.currentA, -0.89982635, 1e-9, 'current in A');
      near(byCycle(cycles, 0).dischargeCapacityAh, 32.37135 * mAh, 1e-7, 'Q discharge');
      assert.ok(
        points.every((pt) => pt.temperatureC !== null && pt.temperatureC > 20 && pt.temperatureC < 30),
      );
      assert.equal(p.metadata['biologic.Acquisition started on'], '05/13/2024 11:19:51.602');
      assert.equal(p.metadata['biologic.Nb header lines'], '103');
      assert.deepEqual([...new Set(points.map((pt) => pt.step))], [0, 1]);
    });

    it('BioLogic .mpr: 3,791 points, half cycles 0–5 → cycles 0–2, current from control and dQ/dt', async () => {
      const { points, cycles, parsed: p } = await parsed('biologic/250116_kigr_gen6_01_02_GCPL_CD8.mpr');
      assert.equal(points.length, 3791);
      assert.deepEqual(
        cycles.map((c) => c.cycle),
        [0, 1, 2],
      );
      near((points[0]?.timeS ?? 0) / 3600, 12.0, 0.01, 'start h');
      near((points.at(-1)?.timeS ?? 0) / 3600, 22.7, 0.01, 'end h');
      near(Math.min(...points.map((pt) => pt.voltageV)), 0.29, 0.005, 'Ecell min');
      near(Math.max(...points.map((pt) => pt.voltageV)), 4.9, 0.005, 'Ecell max');
      near(byCycle(cycles, 0).chargeCapacityAh, 2.3501 * mAh, 1e-7, 'Qchg 0');
      near(byCycle(cycles, 0).dischargeCapacityAh, 1.7896 * mAh, 1e-7, 'Qdis 0');
      near(byCycle(cycles, 2).dischargeCapacityAh, 1.8463 * mAh, 1e-7, 'Qdis 2');
      // Constant-current half cycles at ±1.2065 mA (C/2 of the formation protocol).
      assert.ok(points.some((pt) => Math.abs(pt.currentA - 1.2065e-3) < 1e-7));
      assert.ok(points.some((pt) => Math.abs(pt.currentA + 1.2065e-3) < 1e-7));
      // CV steps get their current from dQ/dt: positive and below the CC current.
      const cv = points.filter((pt) => pt.voltageV > 4.89 && pt.currentA > 0 && pt.currentA < 1.2e-3);
      assert.ok(cv.length > 10, 'CV points with a current from dQ/dt');
      assert.equal(p.metadata['biologic.acquisitionStarted'], '2025-01-16T14:05:54.213');
    });

    it('Neware CSV: 4 cycles, Qdis 4.68, 4.07, 4.03, 3.32 mAh, durations past 24 h', async () => {
      const { points, cycles } = await parsed('neware/neware_uio.csv');
      assert.equal(points.length, 9065);
      assert.deepEqual(
        cycles.map((c) => c.cycle),
        [1, 2, 3, 4],
      );
      const qdis = cycles.map((c) => c.dischargeCapacityAh / mAh);
      [4.68, 4.07, 4.03, 3.32].forEach((q, i) => near(qdis[i], q, 0.01, `Qdis ${i + 1} mAh`));
      near(points.at(-1)?.timeS, 144 * 3600 + 2 * 60 + 18, 1e-9, 'Cumulative Time 144:02:18');
      assert.ok(
        points.some((pt) => pt.currentA < 0),
        'signed current',
      );
    });

    it('Neware .xls: 14 cycles, Qdis 3.524 → 1.211 mAh, equal to the cycler’s own Cycle sheet', async () => {
      const { points, cycles, parsed: p } = await parsed('neware/custom_data_003.xls');
      assert.equal(points.length, 2943);
      assert.equal(cycles.length, 14);
      near(byCycle(cycles, 1).dischargeCapacityAh, 3.524 * mAh, 5e-7, 'Qdis 1');
      near(byCycle(cycles, 14).dischargeCapacityAh, 1.211 * mAh, 5e-7, 'Qdis 14');
      assert.equal(byCycle(cycles, 1).chargeCapacityAh, 0, 'cycle 1 starts with a discharge');
      assert.equal(byCycle(cycles, 1).coulombicEfficiency, null);
      const book = readXls(readFileSync(path.join(CYCLER_DATA, 'neware/custom_data_003.xls')));
      const sheet = book.sheets.find((s) => s.name.startsWith('Cycle'));
      assert.ok(sheet !== undefined);
      for (const { cells } of [...sheetRows(book, sheet)].slice(1)) {
        const [, cycle, charge, discharge] = cells as number[];
        const ours = byCycle(cycles, cycle ?? -1);
        near(ours.chargeCapacityAh / mAh, charge ?? NaN, 1e-9, `Qchg ${cycle}`);
        near(ours.dischargeCapacityAh / mAh, discharge ?? NaN, 1e-9, `Qdis ${cycle}`);
      }
      assert.equal(p.metadata['neware.Remark'], '1.04497215 mg active');
      assert.equal(p.metadata['neware.Start time'], '2021-05-20 23:36:04');
      // Test time comes from the Absolute Time clock (1 s resolution, no drift over 106 h).
      near(points[1]?.timeS, 96, 1e-3, 'test time from Absolute Time');
      near(points.at(-1)?.timeS, 383539, 1e-3, 'last test time');
    });

    it('BDF: derived cycles from steps and current sign; Qdis 6.3 mAh, Qchg 3.2 mAh', async () => {
      const { points, cycles } = await parsed('bdf/SINTEF__LiGrR2032__2024-04-30__25degC__Landt.bdf.csv');
      assert.equal(points.length, 25162);
      const perStep = [1, 2, 3].map((s) => points.filter((pt) => pt.step === s).length);
      assert.deepEqual(perStep, [2881, 15864, 6417]);
      assert.deepEqual(
        cycles.map((c) => c.cycle),
        [1, 2],
      );
      near(byCycle(cycles, 1).dischargeCapacityAh, 6.3 * mAh, 1e-9, 'Qdis 1');
      near(byCycle(cycles, 1).chargeCapacityAh, 3.2 * mAh, 1e-9, 'Qchg 1');
      near(byCycle(cycles, 2).dischargeCapacityAh, 1.3 * mAh, 1e-9, 'second lithiation (incomplete)');
      assert.ok(byCycle(cycles, 1).dischargeEnergyWh > 0, 'energy integrated from V·I');
    });

    it('batterydata raw: cycles 1–9 without the 78 EIS rows, equal to the Hub’s own summary', async () => {
      const { points, cycles, parsed: p } = await parsed('batterydata/p492-13-raw.csv');
      assert.equal(p.stats.rows, 2021);
      assert.equal(p.stats.skippedRows, 78);
      assert.equal(points.length, 2021 - 78);
      assert.ok(
        points.every((pt) => pt.voltageV > 0),
        'no EIS rows',
      );
      assert.deepEqual(
        cycles.map((c) => c.cycle),
        [1, 2, 3, 4, 5, 6, 8, 9],
      );
      const summary = (await parsed('batterydata/p492-13-summary.csv')).cycles;
      for (const ours of cycles) {
        const theirs = byCycle(summary, ours.cycle);
        near(ours.chargeCapacityAh, theirs.chargeCapacityAh, 1e-8, `Qchg ${ours.cycle}`);
        near(ours.dischargeCapacityAh, theirs.dischargeCapacityAh, 1e-8, `Qdis ${ours.cycle}`);
        near(ours.dischargeEnergyWh, theirs.dischargeEnergyWh, 1e-8, `Edis ${ours.cycle}`);
      }
    });

    it('batterydata summary: 267 cycles, capacity checks 21.74 → 20.89 mAh', async () => {
      const { cycles, points, parsed: p } = await parsed('batterydata/p492-13-summary.csv');
      assert.equal(p.kind, 'cycle-summary');
      assert.equal(points.length, 0);
      assert.equal(cycles.length, 267);
      const checks = cycles.filter((c) => c.label === 'Capacity check');
      assert.equal(checks.length, 5);
      near(checks[0]?.dischargeCapacityAh, 21.74 * mAh, 0.005 * mAh, 'first check');
      near(checks.at(-1)?.dischargeCapacityAh, 20.89 * mAh, 0.005 * mAh, 'last check');
      assert.equal(cycles.filter((c) => c.label === 'Aging cycle').length, 233);
      assert.equal(cycles.filter((c) => c.label === 'EIS').length, 4);
    });
  });
}
