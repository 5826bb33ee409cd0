import type { StepDirection } from '../normalise/step-direction-counter.ts';
import { named, quantity, type ColumnMap } from '../mapping/column-map.ts';
import { newareLevels } from './neware-levels.ts';
import type { TimeSeriesTextFormat } from './text-format.ts';

/**
 * Neware BTSDA CSV exports, both layouts the software writes:
 * - flat "record" level (SOURCES.md A5): one header, one row per record;
 * - three levels (fixtures/cyclers/neware/nw_regular_export_ife_example.csv): a cycle header, a
 *   step header indented by one empty field and a record header indented by two; then cycle rows
 *   (the cycler's own per-cycle capacities), step rows and record rows, each under its header —
 *   see neware-levels.ts.
 * Units sit in parentheses ("Current(A)", some exports "Current(mA)"); test time is a duration
 * string whose hours run past 24 ("144:02:18"). "Chg. Cap." / "DChg. Cap." (flat) and "Capacity"
 * (three levels, unsigned) restart at every step, so a cycle's discharge is its discharge steps
 * chained: in A5 cycle 1 discharges 4.68 mAh at 0.25 mA before its top-up steps. Current is signed
 * (discharge negative); the step type names the direction for the unsigned counter.
 */
function stepDirection(type: string): StepDirection | null {
  const t = type.toLowerCase();
  if (t.includes('dchg')) return 'discharge';
  if (t.includes('chg')) return 'charge';
  if (t.includes('rest') || t.includes('pause')) return 'rest';
  return null;
}

const NEWARE_COLUMNS: ColumnMap = {
  time: {
    find: named('Cumulative Time', 'Total Time'),
    label: 'cumulative time',
    expected: ['Cumulative Time', 'Total Time'],
  },
  timeEncoding: 'duration',
  current: { find: quantity('current', ['Current']), label: 'current', expected: ['Current(A)'] },
  voltage: { find: quantity('voltage', ['Voltage']), label: 'voltage', expected: ['Voltage(V)'] },
  cycle: { find: named('Cycle Index', 'Cycle ID'), label: 'cycle', expected: ['Cycle Index'] },
  cycleRequired: true,
  step: { find: named('Step Index', 'Step ID'), label: 'step', expected: ['Step Index'] },
  stepKey: named('Step Number'),
  charge: quantity('capacity', ['Chg. Cap.', 'Chg. Cap']),
  discharge: quantity('capacity', ['DChg. Cap.', 'DChg. Cap']),
  chargeEnergy: quantity('energy', ['Chg. Energy']),
  dischargeEnergy: quantity('energy', ['DChg. Energy']),
  capacity: quantity('capacity', ['Capacity']),
  energy: quantity('energy', ['Energy']),
  direction: { find: named('Step Type', 'Step Name'), parse: stepDirection },
  temperature: quantity('temperature', ['T1', 'Temperature', 'Aux. Temperature']),
};

export const newareCsv: TimeSeriesTextFormat = {
  kind: 'time-series',
  format: 'neware-csv',
  columns: NEWARE_COLUMNS,

  matchesHeader(columns) {
    const flat =
      columns.has('Cycle Index', 'Cycle ID') &&
      columns.has('Step Type', 'Step Name') &&
      columns.findQuantity('current', ['Current']) !== undefined &&
      columns.findQuantity('voltage', ['Voltage']) !== undefined;
    return flat || newareLevels.isCycleHeader(columns);
  },

  shapeRows: (header, readLine) => newareLevels.shape(header, readLine),
};
