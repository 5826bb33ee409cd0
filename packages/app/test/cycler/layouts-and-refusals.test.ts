/**
 * Issue 23 beyond the real files: header detection bounded by bytes (not lines), refusals that
 * name the closest layout and what it lacks, a Maccor cycle's capacity as the sum of its steps,
 * and cycles from the step sequence when a cycle counter never moves.
 */
import assert from 'node:assert/strict';
import { createReadStream, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { DETECTION_HEAD_BYTES } from '../../src/cycler/index.ts';
import { STUCK_COUNTER_ROWS } from '../../src/cycler/mapping/stuck-cycle-counter.ts';
import { fixture } from '../support/fixture-cyclers.ts';
import { chunksOf, collect, near, parseError } from './support.ts';

const PEC_HEADER =
  'Test,Cell,Rack,Shelf,Position,Cell ID,Step,Cycle,Total Time (Seconds),Voltage (mV),Current (mA),' +
  'Charge Capacity (mAh),Discharge Capacity (mAh)';
const pecRow = (t: number, cycle: number, mA: number, chg: number, dis: number): string =>
  `1,1,R1,001,1,,${cycle},${cycle},${t},3700,${mA},${chg},${dis}`;

/** A Maccor S4000 text export: metadata line, header, then rows of [step, state, amp-hr, amps, cyc#]. */
function maccorText(rows: [number, 'C' | 'D' | 'R', number, number, number][]): string {
  const lines = [
    "Today's Date 12/14/2020  Date of Test:\t12/11/2020\t Filename:\tx.001 Procedure: p.000\tComment/Barcode: c",
    'Rec#\tCyc#\tStep\tTestTime\tStepTime\tAmp-hr\tWatt-hr\tAmps\tVolts\tState\tES\tDPt Time',
  ];
  rows.forEach(([step, state, ah, amps, cyc], i) => {
    const s = i * 60;
    const d = Math.floor(s / 86400);
    const hms = new Date((s % 86400) * 1000).toISOString().slice(11, 19);
    lines.push(
      `${i + 1}\t${cyc}\t${step}\t  ${d}d ${hms}\t0d 00:00:0\t${ah}\t0\t${amps}\t3.7\t${state}\t0\t12/11/2020 12:22:12`,
    );
  });
  return lines.join('\r\n') + '\r\n';
}

describe('layouts, detection and refusals (issue 23)', () => {
  it('finds the column names after a preamble of 200 lines (bounded by bytes, not lines)', async () => {
    const preamble = Array.from({ length: 200 }, (_, i) => `Key ${i}:,value ${i}`);
    const csv = [...preamble, PEC_HEADER, pecRow(0, 1, 1000, 0, 0), pecRow(3600, 1, 1000, 1000, 0)].join(
      '\n',
    );
    const { parsed, cycles } = await collect(chunksOf(csv, 1000));
    assert.equal(parsed.format, 'pec-csv');
    assert.equal(parsed.metadata['pec.Key 7'], 'value 7');
    near(cycles[0]?.chargeCapacityAh, 1, 1e-12, 'mAh read as Ah');
  });

  it('column names that start past the detection window are refused, saying so', async () => {
    const filler = 'x'.repeat(99);
    const lines = Math.ceil(DETECTION_HEAD_BYTES / 100) + 10;
    const csv = [...Array.from({ length: lines }, () => filler), PEC_HEADER, pecRow(0, 1, 0, 0, 0)].join(
      '\n',
    );
    const error = await parseError(chunksOf(csv));
    assert.equal(error.reason, 'unrecognised-format');
    assert.match(error.message, /no line near the top has the column names/);
  });

  it('a refused tab-separated export names the closest layout and the column it lacks', async () => {
    const text = 'Rec#\tStep\tTest (Sec)\tAmps\tVolts\n1\t1\t0\t0\t3.7\n';
    const error = await parseError(chunksOf(text));
    assert.equal(error.reason, 'unrecognised-format');
    assert.match(
      error.message,
      /It looks most like a Maccor text export \(line 1 has "Rec#", "Step", "Test \(Sec\)", "Amps", "Volts"\), but it has no "Cyc#" or "Cycle C" column\./,
    );
  });

  it('a refused CSV points to a column mapping; text that resembles nothing does not guess', async () => {
    const csv = 'time,volts,amps,foo\n0,3.7,1,2\n';
    const error = await parseError(chunksOf(csv));
    assert.match(error.message, /does not look like cycler data/);
    assert.match(
      error.message,
      /column mapping \(which column holds time, current, voltage…\) is the way to import it: see "Cycler files" in the BatteryDB README/,
    );
    const letter = await parseError(chunksOf('Dear colleague\nplease find attached\n'));
    assert.doesNotMatch(letter.message, /column mapping/);
  });

  it('Maccor: a charge split by a rest is the sum of its steps, not the larger step', async () => {
    // Cycle 1: discharge 1.0 Ah; charge 0.6 Ah (step 3), rest, charge 0.5 Ah (step 5) at a lower rate.
    const text = maccorText([
      [1, 'R', 0, 0, 1],
      [2, 'D', 0.5, 1, 1],
      [2, 'D', 1.0, 1, 1],
      [3, 'C', 0.3, 1, 1],
      [3, 'C', 0.6, 1, 1],
      [4, 'R', 0, 0, 1],
      [5, 'C', 0.2, 0.2, 1],
      [5, 'C', 0.5, 0.2, 1],
      [6, 'D', 0.9, 1, 2],
      [6, 'D', 0.95, 1, 2],
    ]);
    const { cycles, points } = await collect(chunksOf(text));
    assert.deepEqual(
      cycles.map((c) => c.cycle),
      [1, 2],
    );
    near(cycles[0]?.chargeCapacityAh, 1.1, 1e-12, 'charge = 0.6 + 0.5');
    near(cycles[0]?.dischargeCapacityAh, 1.0, 1e-12, 'discharge');
    near(cycles[1]?.dischargeCapacityAh, 0.95, 1e-12, 'next cycle restarts');
    assert.ok(
      points.every((p, i) => p.timeS === i * 60),
      'TestTime "0d hh:mm:ss" read as seconds',
    );
  });

  it('Maccor: a real CC + CV charge (maccor_001 steps 4 and 5) is the two steps summed', async () => {
    const { cycles, points } = await collect(
      createReadStream(fixture('maccor/maccor_001_first_3634_lines.txt')),
    );
    // The file's own Amp-hr at the end of its CC step (4) and its CV step (5), by a plain pass.
    const own = new Map<string, number>();
    for (const line of readFileSync(fixture('maccor/maccor_001_first_3634_lines.txt'), 'latin1')
      .split('\n')
      .slice(4)) {
      const f = line.split('\t');
      if (f[2] === '4' || f[2] === '5') own.set(f[2], Number(f[5]));
    }
    const cc = own.get('4')!;
    const cv = own.get('5')!;
    assert.ok(cv > 0.3 * cc, 'a real CV step');
    near(cycles[0]?.chargeCapacityAh, cc + cv, 1e-12, 'cycle 1 charge = CC + CV');
    // TestTime runs past a day ("1d 02:18:47.41" is in this file).
    assert.ok(points.at(-1)!.timeS > 86400);
  });

  it('a cycle counter that never moves gives way to the step sequence; one that moves is kept', async () => {
    const stuck = maccorText([
      [1, 'D', 1, 1, 0],
      [2, 'C', 1, 1, 0],
      [3, 'D', 0.9, 1, 0],
      [4, 'C', 0.9, 1, 0],
    ]);
    const derived = await collect(chunksOf(stuck));
    assert.deepEqual(
      derived.points.map((p) => p.cycle),
      [1, 1, 2, 2],
    );
    const moving = maccorText([
      [1, 'D', 1, 1, 0],
      [2, 'C', 1, 1, 0],
      [3, 'D', 0.9, 1, 0],
      [4, 'C', 0.9, 1, 1],
    ]);
    const kept = await collect(chunksOf(moving));
    assert.deepEqual(
      kept.points.map((p) => p.cycle),
      [0, 0, 0, 1],
    );
  });

  it('the look-ahead for a stuck counter is bounded (a counter still at its first value after the bound)', async () => {
    const rows: [number, 'C' | 'D' | 'R', number, number, number][] = [];
    for (let i = 0; i < STUCK_COUNTER_ROWS + 10; i += 1)
      rows.push([1 + (i % 2), i % 2 === 0 ? 'D' : 'C', 0.1, 1, 0]);
    rows.push([9, 'D', 0.1, 1, 7]);
    const { points } = await collect(chunksOf(maccorText(rows)));
    // Decided at the bound: derived cycles throughout, the late "7" is ignored.
    assert.equal(points.at(-1)!.cycle, points.at(-2)!.cycle + 1);
    assert.ok(points.every((p) => p.cycle >= 1));
  });

  it('BDF flavours: preferred labels, semicolons and decimal commas, Unix time instead of test time', async () => {
    const labels =
      'Unix Time / ms;Voltage / V;Current / A;Cycle Count / 1;Charging Capacity / Ah;Discharging Capacity / Ah\n' +
      '1714471200000;3,70;0,5;1;0;0\n1714474800000;4,10;0,5;1;0,5;0\n' +
      '1714478400000;3,60;-0,5;1;0,5;0,45\n1714482000000;4,10;0,5;2;0,49;0\n';
    const a = await collect(chunksOf(labels));
    assert.equal(a.parsed.format, 'bdf-csv');
    assert.deepEqual(
      a.points.map((p) => p.timeS),
      [0, 3600, 7200, 10800],
    );
    near(a.cycles[0]?.chargeCapacityAh, 0.5, 1e-12, 'cycle 1 charge');
    near(a.cycles[0]?.dischargeCapacityAh, 0.45, 1e-12, 'cycle 1 discharge');
    const machine =
      'unix_time_second,voltage_volt,current_ampere,step_count,step_index\n' +
      '1714471200.5,3.7,0.5,1,1\n1714471260.5,3.8,0.5,1,1\n1714471320.5,3.6,-0.5,2,1\n';
    const b = await collect(chunksOf(machine));
    assert.deepEqual(
      b.points.map((p) => p.timeS),
      [0, 60, 120],
    );
    assert.deepEqual(
      b.points.map((p) => p.cycle),
      [1, 1, 1],
    );
  });

  it('Arbin .res: a cut-off database is refused as damaged, saying so', async () => {
    const res = readFileSync(fixture('arbin/20160805_test001_45_cc_01.res'));
    const error = await parseError(chunksOf(res.subarray(0, 100_000)));
    assert.equal(error.reason, 'damaged-container');
    assert.match(error.message, /Access database \(\.res\) could not be read: .*cut short or damaged/);
  });

  it('BioLogic: "time/s" as absolute date-times becomes seconds from the first row', async () => {
    const { points } = await collect(
      createReadStream(fixture('biologic/Sample_data_biologic_timestamped.txt')),
    );
    // 11:38:41.707 → 11:38:54.171 in the file.
    assert.deepEqual(
      points.map((p) => p.timeS),
      [0, 6.464, 7.464, 8.464, 9.464, 10.464, 11.464, 12.464],
    );
  });
});
