import { named, quantity, type ColumnMap } from '../mapping/column-map.ts';
import { keyValuePreamble } from './key-value-preamble.ts';
import type { TimeSeriesTextFormat } from './text-format.ts';

/**
 * BaSyTec text export ("~Resultfile from Basytec Battery Test System"; PyProBE
 * tests/sample_data/basytec): "~Key: value" header lines, then the column names on a line that
 * starts with "~" too ("~Time[s]	DataSet	…	U[V]	I[A]	…	Cyc-Count	…"), tab-separated.
 * "Ah-Cyc-Charge"/"Ah-Cyc-Discharge" are the cycler's own per-cycle counters (in Ah, unitless
 * names); BaSyTec writes discharged charge as negative, so their magnitude is taken.
 * "Cyc-Count" is the cycle, "Line" the program line (the step).
 */
const BASYTEC_COLUMNS: ColumnMap = {
  time: { find: quantity('time', ['~Time', 'Time']), label: 'time', expected: ['~Time[s]'] },
  voltage: { find: quantity('voltage', ['U']), label: 'voltage', expected: ['U[V]'] },
  current: { find: quantity('current', ['I']), label: 'current', expected: ['I[A]'] },
  cycle: { find: named('Cyc-Count'), label: 'cycle', expected: ['Cyc-Count'] },
  cycleRequired: true,
  step: { find: named('Line'), label: 'step', expected: ['Line'] },
  charge: named('Ah-Cyc-Charge'),
  discharge: named('Ah-Cyc-Discharge'),
  chargeEnergy: named('Wh-Cyc-Charge'),
  dischargeEnergy: named('Wh-Cyc-Discharge'),
  counterMagnitudes: true,
  temperature: quantity('temperature', ['T1']),
};

export const basytecText: TimeSeriesTextFormat = {
  kind: 'time-series',
  format: 'basytec-text',
  columns: BASYTEC_COLUMNS,
  resembles: {
    name: 'BaSyTec text export',
    columns: [['~Time[s]'], ['U[V]'], ['I[A]'], ['Cyc-Count'], ['Ah-Cyc-Charge']],
  },

  matchesFirstLine(line) {
    return /^~\s*Resultfile from Basytec/i.test(line.replace(/^\uFEFF/, ''));
  },

  matchesHeader(columns) {
    return columns.has('~Time[s]') && columns.has('U[V]') && columns.has('I[A]');
  },

  readPreamble(lines) {
    return keyValuePreamble('basytec', lines, /^~([^:]{1,60}):\s*(.*)$/);
  },
};
