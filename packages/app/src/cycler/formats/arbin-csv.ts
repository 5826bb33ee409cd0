import { named, quantity, type ColumnMap } from '../mapping/column-map.ts';
import type { TimeSeriesTextFormat } from './text-format.ts';

/**
 * Arbin MITS CSV, in both spellings Arbin software writes:
 * - the TRI/BEEP and Severson 2019 data (SOURCES.md A1): "Test_Time", "Current", "Charge_Capacity",
 *   no units in the names (s, A, Ah, Wh), no byte-order mark;
 * - MITS Pro 8 "Data Point,Date Time,Test Time (s),…,Charge Capacity (Ah)" with units, spaces and a
 *   UTF-8 byte-order mark (fixtures/cyclers/arbin/sample_data_arbin.csv). Before this map read both,
 *   that export was taken for BDF, whose names it half shares, and its capacities were integrated.
 * Counters are cumulative within a cycle (or over the test; WithinCycleCounter handles both).
 * Near-duplicate rows 0.1 ms apart are kept: real samples (the temperature differs) that change no
 * per-cycle total.
 */
export const ARBIN_COLUMNS: ColumnMap = {
  time: {
    find: quantity('time', ['Test_Time', 'Test Time'], ['Test_Time', 'Test Time']),
    label: 'test time',
    expected: ['Test_Time', 'Test Time (s)'],
  },
  current: {
    find: quantity('current', ['Current'], ['Current']),
    label: 'current',
    expected: ['Current', 'Current (A)'],
  },
  voltage: {
    find: quantity('voltage', ['Voltage'], ['Voltage']),
    label: 'voltage',
    expected: ['Voltage', 'Voltage (V)'],
  },
  cycle: { find: named('Cycle_Index', 'Cycle Index'), label: 'cycle', expected: ['Cycle_Index'] },
  cycleRequired: true,
  step: { find: named('Step_Index', 'Step Index'), label: 'step', expected: ['Step_Index'] },
  stepRequired: true,
  charge: quantity('capacity', ['Charge_Capacity', 'Charge Capacity'], ['Charge_Capacity']),
  discharge: quantity('capacity', ['Discharge_Capacity', 'Discharge Capacity'], ['Discharge_Capacity']),
  chargeEnergy: quantity('energy', ['Charge_Energy', 'Charge Energy'], ['Charge_Energy']),
  dischargeEnergy: quantity('energy', ['Discharge_Energy', 'Discharge Energy'], ['Discharge_Energy']),
  temperature: quantity(
    'temperature',
    ['Temperature', 'Aux_Temperature_1', 'Aux_Temperature'],
    ['Temperature', 'Aux_Temperature_1'],
  ),
};

export const arbinCsv: TimeSeriesTextFormat = {
  kind: 'time-series',
  format: 'arbin-csv',
  columns: ARBIN_COLUMNS,
  resembles: {
    name: 'Arbin CSV export',
    columns: [
      ['Data_Point', 'Data Point'],
      ['Test_Time', 'Test Time (s)'],
      ['Step_Index', 'Step Index'],
      ['Cycle_Index', 'Cycle Index'],
      ['Current', 'Current (A)'],
      ['Voltage', 'Voltage (V)'],
    ],
  },

  matchesHeader(columns) {
    return (
      columns.has('Data_Point', 'Data Point') &&
      columns.has('Cycle_Index', 'Cycle Index') &&
      columns.has('Step_Index', 'Step Index') &&
      columns.findQuantity('time', ['Test_Time', 'Test Time'], ['Test_Time']) !== undefined
    );
  },
};
