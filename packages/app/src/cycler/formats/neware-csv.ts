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
  // Chinese installations: 恒流放电 (CC discharge), 恒流恒压充电 (CCCV charge), 搁置/静置 (rest).
  if (t.includes('dchg') || t.includes('放电')) return 'discharge';
  if (t.includes('chg') || t.includes('充电')) return 'charge';
  if (t.includes('rest') || t.includes('pause') || t.includes('搁置') || t.includes('静置')) return 'rest';
  return null;
}

/*
 * Chinese BTSDA installations export the same columns under Chinese names (GBK-encoded files,
 * decoded by text-encoding.ts): 循环序号 cycle, 工步号 step, 工步类型 step type, 总时间 total
 * time, 电流 current, 电压 voltage, 容量 capacity, 充电容量 / 放电容量 charge / discharge capacity,
 * 能量 energy, 充电能量 / 放电能量.
 */

const NEWARE_COLUMNS: ColumnMap = {
  time: {
    find: named('Cumulative Time', 'Total Time', '总时间'),
    label: 'cumulative time',
    expected: ['Cumulative Time', 'Total Time'],
  },
  timeEncoding: 'duration',
  current: { find: quantity('current', ['Current', '电流']), label: 'current', expected: ['Current(A)'] },
  voltage: { find: quantity('voltage', ['Voltage', '电压']), label: 'voltage', expected: ['Voltage(V)'] },
  cycle: {
    find: named('Cycle Index', 'Cycle ID', '循环序号', '循环号'),
    label: 'cycle',
    expected: ['Cycle Index'],
  },
  cycleRequired: true,
  step: {
    find: named('Step Index', 'Step ID', '工步号', '工步序号'),
    label: 'step',
    expected: ['Step Index'],
  },
  stepKey: named('Step Number'),
  charge: quantity('capacity', ['Chg. Cap.', 'Chg. Cap', '充电容量']),
  discharge: quantity('capacity', ['DChg. Cap.', 'DChg. Cap', '放电容量']),
  chargeEnergy: quantity('energy', ['Chg. Energy', '充电能量']),
  dischargeEnergy: quantity('energy', ['DChg. Energy', '放电能量']),
  capacity: quantity('capacity', ['Capacity', '容量']),
  energy: quantity('energy', ['Energy', '能量']),
  direction: { find: named('Step Type', 'Step Name', '工步类型', '工步名称'), parse: stepDirection },
  temperature: quantity('temperature', ['T1', 'Temperature', 'Aux. Temperature']),
};

export const newareCsv: TimeSeriesTextFormat = {
  kind: 'time-series',
  format: 'neware-csv',
  columns: NEWARE_COLUMNS,
  resembles: {
    name: 'Neware CSV export',
    columns: [
      ['Cycle Index', 'Cycle ID'],
      ['Step Type', 'Step Name'],
      ['Current(A)', 'Current(mA)'],
      ['Voltage(V)'],
      ['Capacity(Ah)', 'Capacity(mAh)'],
    ],
  },

  matchesHeader(columns) {
    const flat =
      columns.has('Cycle Index', 'Cycle ID', '循环序号', '循环号') &&
      columns.has('Step Type', 'Step Name', '工步类型', '工步名称') &&
      columns.findQuantity('current', ['Current', '电流']) !== undefined &&
      columns.findQuantity('voltage', ['Voltage', '电压']) !== undefined;
    return flat || newareLevels.isCycleHeader(columns);
  },

  shapeRows: (header, readLine) => newareLevels.shape(header, readLine),
};
