import type { StepDirection } from '../normalise/step-direction-counter.ts';
import { findColumn, named, quantity, type ColumnMap } from '../mapping/column-map.ts';
import type { TimeSeriesTextFormat } from './text-format.ts';

/**
 * Maccor ASCII exports, in the layouts labs send:
 * - Series 4000 "Today's Date … Procedure:" metadata line, then "Rec#, Cyc#, Step, Test (Sec),
 *   Amp-hr, Watt-hr, Amps, Volts, State" (SOURCES.md A2);
 * - MIMS Client exports with a key/value block ("Name:", "Channel:", "Tester", "Procedure",
 *   "Started"…) and then "Rec, Cycle P, Cycle C, Step, TestTime, StepTime, Cap. [Ah], Ener. [Wh],
 *   Current [A], Voltage [V], Md" (fixtures/cyclers/maccor/maccor_002.txt). Its unit-less "TestTime"
 *   counts **minutes**: in that file consecutive records 60 s apart by their "DPT Time" clock differ
 *   by 1.000000, and the test's 63.5 h from start to end read 3809.8;
 * - "Rec, Cycle C, Step, Test Time (sec), Capacity, Energy, Current, Voltage" (CSV).
 * The capacity and energy counters restart at every step and carry no sign; "State"/"Md" (C/D/R)
 * says which way the step goes. A cycle's charge is the sum over its charge steps of each step's
 * final value (CC + CV, and a charge split by rests or by rate: the largest step alone was −44 % on
 * a real file), likewise its discharge (`sumSteps`). Amps is signed in some exports and not in
 * others, so the sign is taken from the state where it says C or D.
 * "Cycle C" is the cycle counter the software increments (cellpy reads the same); "Cycle P" is the
 * procedure's loop counter. Some S4000 exports (cellpy maccor_001.txt: "Today's Date", TestTime
 * "0d 00:00:5.05") leave "Cyc#" at 0 throughout: cycles then come from the charge/discharge step
 * sequence (`deriveCyclesWhenStuck`, numbered from 1).
 */
const STATE: Record<string, StepDirection> = { C: 'charge', D: 'discharge', R: 'rest' };

const CURRENT = quantity('current', ['Current', 'Amps'], ['Amps', 'Current']);
const VOLTAGE = quantity('voltage', ['Voltage', 'Volts'], ['Volts', 'Voltage']);

export const MACCOR_COLUMNS: ColumnMap = {
  time: {
    find: [quantity('time', ['Test', 'Test Time'], ['Test Time']), { names: ['TestTime'], scale: 60 }],
    label: 'test time',
    expected: ['Test (Sec)', 'TestTime'],
  },
  // "Test (Sec)" is seconds; MIMS "TestTime" minutes (scaled 60); S4000 "TestTime" "0d 00:00:5.05".
  timeEncoding: 'duration',
  current: { find: CURRENT, label: 'current', expected: ['Amps', 'Current [A]'] },
  voltage: { find: VOLTAGE, label: 'voltage', expected: ['Volts', 'Voltage [V]'] },
  cycle: { find: named('Cyc#', 'Cycle C', 'Cycle'), label: 'cycle', expected: ['Cyc#', 'Cycle C'] },
  cycleRequired: true,
  deriveCyclesWhenStuck: true,
  step: { find: named('Step'), label: 'step', expected: ['Step'] },
  stepRequired: true,
  capacity: quantity('capacity', ['Capacity', 'Cap.', 'Amp-hr'], ['Amp-hr', 'Capacity']),
  energy: quantity('energy', ['Energy', 'Ener.', 'Watt-hr'], ['Watt-hr', 'Energy']),
  direction: { find: named('State', 'Md'), parse: (text) => STATE[text.toUpperCase()] ?? null },
  signFromDirection: true,
  sumSteps: true,
  temperature: quantity('temperature', ['Temp 1', 'Temperature'], ['Temp 1', 'Temp1']),
};

/** "Key:\tvalue" / "Key\tvalue" lines of the MIMS key/value block (at most this many kept). */
const MAX_KEYS = 50;

export const maccorText: TimeSeriesTextFormat = {
  kind: 'time-series',
  format: 'maccor-text',
  columns: MACCOR_COLUMNS,
  resembles: {
    name: 'Maccor text export',
    columns: [
      ['Rec#', 'Rec'],
      ['Cyc#', 'Cycle C'],
      ['Step'],
      ['Test (Sec)', 'TestTime'],
      ['Amps', 'Current [A]'],
      ['Volts', 'Voltage [V]'],
    ],
  },

  matchesHeader(columns) {
    return (
      columns.has('Rec#', 'Rec') &&
      columns.has('Cyc#', 'Cycle', 'Cycle C') &&
      findColumn(columns, CURRENT) !== undefined &&
      findColumn(columns, VOLTAGE) !== undefined
    );
  },

  readPreamble(lines) {
    const text = lines.join('\t');
    const metadata: Record<string, string> = {};
    if (/Today's Date|Date of Test:/.test(text)) {
      metadata['maccor.header'] = text.replace(/\t/g, ' ').replace(/\s+/g, ' ').trim();
      const patterns: [string, RegExp][] = [
        ['maccor.dateOfTest', /Date of Test:,?\s*([^\t]+?)\s*(?:\t|$)/],
        ['maccor.filename', /Filename:\s*(.+?)\s+Procedure:/],
        ['maccor.procedure', /Procedure:\s*([^\t]+?)\s*(?:\t|$)/],
        ['maccor.comment', /Comment\/Barcode:\s*([^\t]*?)\s*(?:\t|$)/],
      ];
      for (const [key, pattern] of patterns) {
        const value = pattern.exec(text)?.[1]?.trim();
        if (value !== undefined && value !== '') metadata[key] = value;
      }
      return metadata;
    }
    for (const line of lines) {
      const match = /^([A-Za-z][\w .]{0,40}?):?\t+(.*?)\s*$/.exec(line);
      if (match === null || match[1] === undefined || match[2] === undefined) continue;
      // The Description field may hold control bytes from the instrument's fixed-width record.
      const value = [...match[2]]
        .map((ch) => (ch.charCodeAt(0) < 32 || ch.charCodeAt(0) === 127 ? ' ' : ch))
        .join('')
        .replace(/\s+/g, ' ')
        .trim();
      if (value !== '' && Object.keys(metadata).length < MAX_KEYS)
        metadata[`maccor.${match[1].trim()}`] = value;
    }
    return metadata;
  },
};
