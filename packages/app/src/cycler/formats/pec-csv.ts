import { findColumn, named, quantity, type ColumnMap } from '../mapping/column-map.ts';
import { keyValuePreamble } from './key-value-preamble.ts';
import type { TimeSeriesTextFormat } from './text-format.ts';

/**
 * PEC (SBT/ACT testers) CSV export (cellpy testdata: pec.csv, pec_multiple_tests/): a "Key:,value"
 * block of 30–45 lines (test, regime, lot, start and end time), sometimes a "#RESULTS CHECK" …
 * "#END RESULTS CHECK" block, then one row per sample with Test, Cell, Rack, Shelf, Position.
 * Older exports write "Total Time (Seconds)", Voltage (mV), Current (mA) and label the energies
 * "Charge Capacity (mWh)"; newer ones "Total Time (Hours in hh:mm:ss.xxx)" (a duration), V and A,
 * and "Charge Energy (mWh)". Capacities are per cycle (they carry on through a cycle's rests and
 * restart with "Cycle"), in mAh; the current is signed (discharge < 0).
 */
const TIME = [
  named('Total Time (Seconds)', 'Total Time (Hours in hh:mm:ss.xxx)'),
  quantity('time', ['Total Time']),
];
const VOLTAGE = quantity('voltage', ['Voltage']);
const CURRENT = quantity('current', ['Current']);

const PEC_COLUMNS: ColumnMap = {
  time: {
    find: TIME,
    label: 'total time',
    expected: ['Total Time (Seconds)', 'Total Time (Hours in hh:mm:ss.xxx)'],
  },
  timeEncoding: 'duration',
  voltage: { find: VOLTAGE, label: 'voltage', expected: ['Voltage (mV)', 'Voltage (V)'] },
  current: { find: CURRENT, label: 'current', expected: ['Current (mA)', 'Current (A)'] },
  cycle: { find: named('Cycle'), label: 'cycle', expected: ['Cycle'] },
  cycleRequired: true,
  step: { find: named('Step'), label: 'step', expected: ['Step'] },
  charge: quantity('capacity', ['Charge Capacity']),
  discharge: quantity('capacity', ['Discharge Capacity']),
  // "Charge Capacity (mWh)" is an energy in the older layout: the unit decides.
  chargeEnergy: quantity('energy', ['Charge Energy', 'Charge Capacity']),
  dischargeEnergy: quantity('energy', ['Discharge Energy', 'Discharge Capacity']),
  temperature: quantity('temperature', ['Cell surface temperature', 'Temp', 'Ambient temperature']),
};

export const pecCsv: TimeSeriesTextFormat = {
  kind: 'time-series',
  format: 'pec-csv',
  columns: PEC_COLUMNS,
  resembles: {
    name: 'PEC CSV export',
    columns: [
      ['Test'],
      ['Rack'],
      ['Shelf'],
      ['Position'],
      ['Total Time (Seconds)', 'Total Time (Hours in hh:mm:ss.xxx)'],
      ['Cycle'],
    ],
  },

  matchesHeader(columns) {
    return (
      columns.has('Rack') &&
      columns.has('Shelf') &&
      columns.has('Position') &&
      columns.has('Cycle') &&
      findColumn(columns, TIME) !== undefined
    );
  },

  readPreamble(lines) {
    // The results-check block is a table of its own, not key/value pairs.
    const end = lines.findIndex((l) => l.startsWith('#RESULTS CHECK'));
    return keyValuePreamble('pec', end < 0 ? lines : lines.slice(0, end), /^([^,:]{1,60}):,(.*)$/);
  },
};
