import type { CyclerPoint } from '../cycler-types.ts';
import { CycleFromCurrent } from '../normalise/cycle-from-current.ts';
import { WithinCycleCounters } from '../normalise/within-cycle-counter.ts';
import { readCounters, samplePoint } from '../normalise/sample-point.ts';
import type { CellReader, Row, RowMapper } from '../tabular/cell-reader.ts';
import type { Column, HeaderColumns } from '../tabular/header-columns.ts';
import type { TimeSeriesTextFormat } from './text-format.ts';

/**
 * Battery Data Format CSV (battery-data-alliance, SOURCES.md A7). Columns use either the
 * machine-readable names ("voltage_volt") or the preferred labels ("Voltage / V"); both are read.
 * `cycle_count` is optional in BDF: without it, cycles are derived from the steps' current sign
 * (CycleFromCurrent). Capacity counters are read in order of preference: per cycle, since test
 * start, per step — WithinCycleCounter turns any of them into "so far in this cycle".
 * A temperature column is passed through as written, even the constant 0 placeholder of A7.
 */
export const bdfCsv: TimeSeriesTextFormat = {
  kind: 'time-series',
  format: 'bdf-csv',

  matchesHeader(columns) {
    return time(columns) !== undefined && voltage(columns) !== undefined && current(columns) !== undefined;
  },

  bind(columns, cells) {
    return new BdfMapper(columns, cells);
  },
};

const time = (c: HeaderColumns): Column | undefined =>
  c.find('test_time_second') ?? c.findQuantity('time', ['Test Time']);
const voltage = (c: HeaderColumns): Column | undefined =>
  c.find('voltage_volt') ?? c.findQuantity('voltage', ['Voltage']);
const current = (c: HeaderColumns): Column | undefined =>
  c.find('current_ampere') ?? c.findQuantity('current', ['Current']);

function counter(
  c: HeaderColumns,
  quantity: 'capacity' | 'energy',
  machine: string[],
  labels: string[],
): Column | undefined {
  for (const [i, name] of machine.entries()) {
    const column = c.find(name) ?? c.findQuantity(quantity, [labels[i] ?? name]);
    if (column !== undefined) return column;
  }
  return undefined;
}

class BdfMapper implements RowMapper<CyclerPoint> {
  readonly #cells: CellReader;
  readonly #counters = new WithinCycleCounters();
  readonly #derivedCycles = new CycleFromCurrent();
  readonly #time: Column;
  readonly #voltage: Column;
  readonly #current: Column;
  readonly #cycle;
  readonly #step;
  readonly #stepCount;
  readonly #charge;
  readonly #discharge;
  readonly #chargeEnergy;
  readonly #dischargeEnergy;
  readonly #temperature;

  constructor(columns: HeaderColumns, cells: CellReader) {
    this.#cells = cells;
    this.#time = columns.require('test time', time(columns), ['test_time_second', 'Test Time / s']);
    this.#voltage = columns.require('voltage', voltage(columns), ['voltage_volt', 'Voltage / V']);
    this.#current = columns.require('current', current(columns), ['current_ampere', 'Current / A']);
    this.#cycle = columns.find('cycle_count', 'Cycle Count / 1');
    this.#step = columns.find('step_index', 'Step Index / 1', 'step_count', 'Step Count / 1');
    this.#stepCount = columns.find('step_count', 'Step Count / 1') ?? this.#step;
    const capacity = (kind: 'charging' | 'discharging'): Column | undefined =>
      counter(
        columns,
        'capacity',
        [`cycle_${kind}_capacity_ah`, `${kind}_capacity_ah`, `step_${kind}_capacity_ah`],
        labels(kind, 'Capacity'),
      );
    const energy = (kind: 'charging' | 'discharging'): Column | undefined =>
      counter(
        columns,
        'energy',
        [`cycle_${kind}_energy_wh`, `${kind}_energy_wh`, `step_${kind}_energy_wh`],
        labels(kind, 'Energy'),
      );
    this.#charge = capacity('charging');
    this.#discharge = capacity('discharging');
    this.#chargeEnergy = energy('charging');
    this.#dischargeEnergy = energy('discharging');
    this.#temperature =
      columns.find('surface_temperature_celsius', 'temperature_t1_celsius', 'ambient_temperature_celsius') ??
      columns.findQuantity('temperature', ['Surface Temperature', 'Temperature T1', 'Ambient Temperature']);
  }

  map(row: Row): CyclerPoint {
    const c = this.#cells;
    const currentA = c.required(row, this.#current);
    const step = this.#step === undefined ? null : c.index(row, this.#step);
    const stepKey = this.#stepCount === undefined ? step : c.index(row, this.#stepCount);
    const cycle =
      this.#cycle !== undefined ? c.index(row, this.#cycle) : this.#derivedCycles.next(stepKey, currentA);
    return samplePoint(
      this.#counters,
      stepKey,
      {
        timeS: c.required(row, this.#time),
        cycle,
        step,
        currentA,
        voltageV: c.required(row, this.#voltage),
        temperatureC: c.optional(row, this.#temperature),
      },
      readCounters(c, row, {
        charge: this.#charge,
        discharge: this.#discharge,
        chargeEnergy: this.#chargeEnergy,
        dischargeEnergy: this.#dischargeEnergy,
      }),
    );
  }
}

function labels(kind: 'charging' | 'discharging', what: 'Capacity' | 'Energy'): string[] {
  const k = kind === 'charging' ? 'Charging' : 'Discharging';
  return [`Cycle ${k} ${what}`, `${k} ${what}`, `Step ${k} ${what}`];
}
