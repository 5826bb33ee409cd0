/**
 * Each text format on a small inline fixture written in its vendor's layout, so the importers are
 * covered where the real files are absent. The quirks tested are the ones SOURCES.md lists.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { detectFormat } from '../../src/cycler/index.ts';
import { byCycle, chunksOf, collect, near } from './support.ts';

const MACCOR = [
  "Today's Date 08/16/2019  Date of Test:\t08/15/2019\t Filename:\tC:\\data\\cell.078 Procedure: diag.000\tComment/Barcode: exp-con",
  'Rec#\tCyc#\tStep\tTest (Sec)\tStep (Sec)\tAmp-hr\tWatt-hr\tAmps\tVolts\tState\tES\tWF Chg Cap',
  // Unsigned Amps: the direction comes from State. Amp-hr restarts at every step.
  '1\t0\t1\t0\t0\t0\t0\t0\t3.7\tR\t0\tN/A',
  '2\t0\t4\t10\t10\t1.0\t4.0\t4.7\t3.9\tC\t0\tN/A',
  '3\t0\t4\t20\t20\t2.0\t8.0\t4.7\t4.2\tC\t5\tN/A',
  '4\t0\t5\t30\t10\t0.3\t1.2\t1.0\t4.2\tC\t0\tN/A',
  '5\t0\t5\t40\t20\t0.5\t2.1\t0.2\t4.2\tC\t5\tN/A',
  '6\t0\t6\t50\t10\t1.5\t5.0\t4.7\t3.5\tD\t0\tN/A',
  '7\t0\t6\t60\t20\t2.4\t8.2\t4.7\t3.0\tD\t5\tN/A',
  '8\t1\t4\t70\t10\t1.0\t4.0\t4.7\t3.9\tC\t0\tN/A',
].join('\r\n');

const BIOLOGIC = [
  'EC-Lab ASCII FILE',
  'Nb header lines : 6',
  '',
  'Galvanostatic Cycling with Potential Limitation',
  'Acquisition started on : 01/02/2024 10:00:00.000',
  // European locale: decimal commas; a trailing tab on the header line; the degree sign mangled.
  'mode\tox/red\ttime/s\tEwe/V\tI/mA\tQ charge/mA.h\tQ discharge/mA.h\tcycle number\tNs\tTemperature/\ufffdC\t',
  '1\t1\t0,0\t3,500\t10,0\t0,0\t0,0\t0\t0\t25,1',
  '1\t1\t360,0\t3,900\t10,0\t1,0\t0,0\t0\t0\t25,2',
  '1\t0\t720,0\t3,600\t-10,0\t0,0\t1,0\t0\t1\t25,3',
  '1\t1\t1080,0\t3,900\t10,0\t1,0\t0,0\t1\t2\t25,4',
].join('\n');

const NEWARE = [
  'DataPoint,Cycle Index,Step Index,Step Type,Time,Cumulative Time,Current(mA),Voltage(V),Chg. Cap.(mAh),DChg. Cap.(mAh),Chg. Energy(mWh),DChg. Energy(mWh)',
  '1,1,1,Rest,00:00:00,00:00:00,0,2.9,0,0,0,0',
  '2,1,2,CC DChg,10:00:00,10:00:00,-0.25,0.5,0,2.5,0,1.2',
  '3,1,3,Rest,00:00:00,10:00:01,0,0.6,0,0,0,0',
  '4,1,4,CC DChg,02:00:00,26:30:00,-0.1,0.05,0,0.2,0,0.01',
  '5,1,5,CC Chg,09:00:00,35:30:00,0.25,1.0,2.25,0,1.1,0',
  '6,2,2,CC DChg,08:00:00,43:30:00,-0.25,0.05,0,2.0,0,0.9',
].join('\n');

const BDF_LABELS = [
  'Test Time / s;Voltage / V;Current / A;Step Index / 1;Charging Capacity / Ah;Discharging Capacity / Ah',
  '0,0;2,90;0,0;1;0;0',
  '10,0;2,60;-0,0002;2;0;0,0001',
  '20,0;0,01;-0,0002;2;0;0,0063',
  '30,0;0,04;0,0002;3;0,0001;0',
  '40,0;1,00;0,0002;3;0,0032;0',
  '50,0;0,99;-0,0002;2;0;0,0013',
].join('\n');

const BATTERYDATA_RAW = [
  'Cycle_Index,Step,Time_s,Current_A,Voltage_V,Cell_Temperature_C,Charge_Capacity_Ah,Discharge_Capacity_Ah,Charge_Energy_Wh,Discharge_Energy_Wh,Frequency_Hz,Z_Real_Ohm,Cycle_Label',
  '1,1,0,0,3.3,NaN,0,0,0,0,NaN,NaN,',
  '1,2,10,0.02,3.6,29.5,0.01,0,0.036,0,NaN,NaN,Capacity check',
  '1,3,20,-0.02,3.2,29.6,0,0.009,0,0.03,NaN,NaN,Capacity check',
  '2,301,30,0,-3.79,NaN,0,0,0,0,500000,0.24,EIS',
  '3,4,40,0.02,3.6,29.5,0.011,0,0.04,0,NaN,NaN,Aging cycle',
].join('\n');

const BATTERYDATA_SUMMARY = [
  'Cycle_Index,Cycle_Label,Time_s,Datenum_d,datenum_d,tsecs_start,tsecs_end,tsecs_cycle,Q_chg,Q_dis,CE,E_chg,E_dis',
  '1,,0,737792.4,0,0,100,100,NaN,0.0007,NaN,NaN,0.002',
  '2,Capacity check,100,737792.5,0.1,100,300,200,0.0219,0.0217,0.99,0.08,0.079',
  '3,EIS,300,737792.6,0.2,300,400,100,NaN,NaN,NaN,NaN,NaN',
].join('\n');

describe('text formats (inline fixtures)', () => {
  it('Maccor: metadata line, State gives the sign, CC + CV steps are chained', async () => {
    assert.equal(detectFormat(Buffer.from(MACCOR)), 'maccor-text');
    const { points, cycles, parsed } = await collect(chunksOf(MACCOR, 50));
    assert.equal(parsed.metadata['maccor.procedure'], 'diag.000');
    assert.equal(parsed.metadata['maccor.filename'], 'C:\\data\\cell.078');
    assert.deepEqual(
      points.map((p) => p.currentA),
      [0, 4.7, 4.7, 1.0, 0.2, -4.7, -4.7, 4.7],
    );
    near(byCycle(cycles, 0).chargeCapacityAh, 2.5, 1e-12, 'CC 2.0 + CV 0.5');
    near(byCycle(cycles, 0).chargeEnergyWh, 10.1, 1e-12, 'CC 8.0 + CV 2.1 Wh');
    near(byCycle(cycles, 0).dischargeCapacityAh, 2.4, 1e-12, 'discharge');
    near(byCycle(cycles, 1).chargeCapacityAh, 1.0, 1e-12, 'next cycle starts at 0');
    assert.equal(points[6]?.chargeCapacityAh, 2.5, 'the charge stays visible during the discharge');
  });

  it('BioLogic text: header line count, decimal commas, trailing tab, mangled °C, mA', async () => {
    assert.equal(detectFormat(Buffer.from(BIOLOGIC)), 'biologic-text');
    const { points, cycles, parsed } = await collect(chunksOf(BIOLOGIC, 16));
    assert.equal(parsed.metadata['biologic.Acquisition started on'], '01/02/2024 10:00:00.000');
    assert.equal(points.length, 4);
    assert.deepEqual(
      points.map((p) => [p.timeS, p.voltageV, p.currentA, p.temperatureC]),
      [
        [0, 3.5, 0.01, 25.1],
        [360, 3.9, 0.01, 25.2],
        [720, 3.6, -0.01, 25.3],
        [1080, 3.9, 0.01, 25.4],
      ],
    );
    near(byCycle(cycles, 0).chargeCapacityAh, 0.001, 1e-12, 'Q charge in Ah');
    near(byCycle(cycles, 0).dischargeCapacityAh, 0.001, 1e-12, 'Q discharge in Ah');
  });

  it('Neware CSV: durations past 24 h, mA/mAh units, per-step counters, largest discharge run', async () => {
    assert.equal(detectFormat(Buffer.from(NEWARE)), 'neware-csv');
    const { points, cycles } = await collect(chunksOf(NEWARE));
    assert.equal(points[3]?.timeS, 26.5 * 3600);
    assert.equal(points[1]?.currentA, -0.00025);
    // 2.5 mAh at 0.25 mA, then a 0.2 mAh top-up at 0.1 mA after a rest: a separate run.
    near(byCycle(cycles, 1).dischargeCapacityAh, 0.0025, 1e-12, 'Qdis 1');
    near(byCycle(cycles, 1).chargeCapacityAh, 0.00225, 1e-12, 'Qchg 1');
    near(byCycle(cycles, 1).dischargeEnergyWh, 0.0012, 1e-12, 'Edis 1');
    near(byCycle(cycles, 2).dischargeCapacityAh, 0.002, 1e-12, 'Qdis 2');
  });

  it('BDF: preferred labels, semicolons with decimal commas, cycles derived from current sign', async () => {
    assert.equal(detectFormat(Buffer.from(BDF_LABELS)), 'bdf-csv');
    const { points, cycles } = await collect(chunksOf(BDF_LABELS));
    assert.deepEqual(
      points.map((p) => p.cycle),
      [1, 1, 1, 1, 1, 2],
    );
    assert.equal(points[1]?.currentA, -0.0002);
    assert.equal(points[2]?.voltageV, 0.01);
    near(byCycle(cycles, 1).dischargeCapacityAh, 0.0063, 1e-12, 'lithiation');
    near(byCycle(cycles, 1).chargeCapacityAh, 0.0032, 1e-12, 'delithiation');
    near(byCycle(cycles, 2).dischargeCapacityAh, 0.0013, 1e-12, 'second lithiation');
  });

  it('batterydata raw: EIS rows are dropped and counted, NaN is missing', async () => {
    assert.equal(detectFormat(Buffer.from(BATTERYDATA_RAW)), 'batterydata-raw');
    const { points, parsed } = await collect(chunksOf(BATTERYDATA_RAW));
    assert.equal(points.length, 4);
    assert.equal(parsed.stats.rows, 5);
    assert.equal(parsed.stats.skippedRows, 1);
    assert.equal(points[0]?.temperatureC, null);
    assert.deepEqual(
      points.map((p) => p.cycle),
      [1, 1, 1, 3],
    );
  });

  it('batterydata summary: one CycleSummary per row, NaN as 0, labels kept', async () => {
    assert.equal(detectFormat(Buffer.from(BATTERYDATA_SUMMARY)), 'batterydata-summary');
    const { cycles, parsed } = await collect(chunksOf(BATTERYDATA_SUMMARY));
    assert.equal(parsed.kind, 'cycle-summary');
    assert.deepEqual(cycles[1], {
      cycle: 2,
      chargeCapacityAh: 0.0219,
      dischargeCapacityAh: 0.0217,
      coulombicEfficiency: 0.0217 / 0.0219,
      chargeEnergyWh: 0.08,
      dischargeEnergyWh: 0.079,
      durationS: 200,
      label: 'Capacity check',
    });
    assert.equal(cycles[0]?.coulombicEfficiency, null);
    assert.equal(cycles[2]?.dischargeCapacityAh, 0);
    assert.equal(cycles[0]?.label, undefined);
  });
});
