import { named, quantity, type ColumnMap, type ColumnSpec } from '../mapping/column-map.ts';
import { findColumn } from '../mapping/column-map.ts';
import type { TimeSeriesTextFormat } from './text-format.ts';

/**
 * Battery Data Format CSV (battery-data-alliance, SOURCES.md A7). Columns use either the
 * machine-readable names ("voltage_volt") or the preferred labels ("Voltage / V"); both are read,
 * in any delimiter the sniffer knows (comma, semicolon, tab). The time is the test time, or, in
 * files that only have it, `unix_time_second` / `unix_time_millisecond` / "Unix Time / s" measured
 * from the first row.
 * `cycle_count` is optional in BDF: without it, cycles are derived from the steps' current sign
 * (CycleFromCurrent). Capacity counters are read in order of preference: per cycle, since test
 * start, per step — WithinCycleCounter turns any of them into "so far in this cycle".
 * A temperature column is passed through as written, even the constant 0 placeholder of A7.
 */
const counter = (kind: 'charging' | 'discharging', what: 'capacity' | 'energy'): ColumnSpec[] => {
  const unit = what === 'capacity' ? 'ah' : 'wh';
  const label = `${kind[0]!.toUpperCase()}${kind.slice(1)} ${what === 'capacity' ? 'Capacity' : 'Energy'}`;
  return [
    [`cycle_${kind}_${what}_${unit}`, `Cycle ${label}`],
    [`${kind}_${what}_${unit}`, label],
    [`step_${kind}_${what}_${unit}`, `Step ${label}`],
  ].flatMap(([machine, preferred]) => [named(machine!), quantity(what, [preferred!])]);
};

const TIME = [named('test_time_second'), quantity('time', ['Test Time'])];
/** BDF allows an absolute time instead of (or beside) the test time. */
const UNIX_TIME = [
  named('unix_time_second'),
  { names: ['unix_time_millisecond'], scale: 1e-3 },
  quantity('time', ['Unix Time']),
];
const VOLTAGE = [named('voltage_volt'), quantity('voltage', ['Voltage'])];
const CURRENT = [named('current_ampere'), quantity('current', ['Current'])];

const BDF_COLUMNS: ColumnMap = {
  time: { find: TIME, label: 'test time', expected: ['test_time_second', 'Test Time / s'] },
  epochTime: UNIX_TIME,
  voltage: { find: VOLTAGE, label: 'voltage', expected: ['voltage_volt', 'Voltage / V'] },
  current: { find: CURRENT, label: 'current', expected: ['current_ampere', 'Current / A'] },
  cycle: { find: named('cycle_count', 'Cycle Count / 1'), label: 'cycle', expected: ['cycle_count'] },
  deriveCycles: true,
  step: {
    find: named('step_index', 'Step Index / 1', 'step_count', 'Step Count / 1'),
    label: 'step',
    expected: ['step_index'],
  },
  stepKey: named('step_count', 'Step Count / 1'),
  charge: counter('charging', 'capacity'),
  discharge: counter('discharging', 'capacity'),
  chargeEnergy: counter('charging', 'energy'),
  dischargeEnergy: counter('discharging', 'energy'),
  temperature: [
    named('surface_temperature_celsius', 'temperature_t1_celsius', 'ambient_temperature_celsius'),
    quantity('temperature', ['Surface Temperature', 'Temperature T1', 'Ambient Temperature']),
  ],
};

export const bdfCsv: TimeSeriesTextFormat = {
  kind: 'time-series',
  format: 'bdf-csv',
  columns: BDF_COLUMNS,
  resembles: {
    name: 'Battery Data Format CSV',
    columns: [
      ['test_time_second', 'Test Time / s'],
      ['voltage_volt', 'Voltage / V'],
      ['current_ampere', 'Current / A'],
    ],
  },

  matchesHeader(columns) {
    const timed = findColumn(columns, TIME) ?? findColumn(columns, UNIX_TIME);
    return (
      timed !== undefined && [VOLTAGE, CURRENT].every((specs) => findColumn(columns, specs) !== undefined)
    );
  },
};
