import type { CyclerPoint } from '../cycler-types.ts';
import { WithinCycleCounters } from '../normalise/within-cycle-counter.ts';
import { readCounters, samplePoint } from '../normalise/sample-point.ts';
import type { CellReader, Row, RowMapper } from '../tabular/cell-reader.ts';
import { requiredDuration } from '../tabular/duration.ts';
import type { HeaderColumns } from '../tabular/header-columns.ts';
import type { TimeSeriesTextFormat } from './text-format.ts';

/**
 * Neware BTSDA CSV export, "record" level (SOURCES.md A5). Units sit in parentheses ("Current(A)",
 * some exports "Current(mA)"); the test time is a duration string whose hours run past 24
 * ("144:02:18"). "Chg. Cap." and "DChg. Cap." restart at every step, so a cycle's discharge is the
 * sum over its discharge steps: in A5 cycle 1 discharges at 0.25, 0.1 and 0.05 mA in three steps.
 * Current is signed (discharge negative).
 */
export const newareCsv: TimeSeriesTextFormat = {
  kind: 'time-series',
  format: 'neware-csv',

  matchesHeader(columns) {
    return (
      columns.has('Cycle Index', 'Cycle ID') &&
      columns.has('Step Type', 'Step Name') &&
      columns.findQuantity('current', ['Current']) !== undefined &&
      columns.findQuantity('voltage', ['Voltage']) !== undefined
    );
  },

  bind(columns, cells) {
    return new NewareCsvMapper(columns, cells);
  },
};

class NewareCsvMapper implements RowMapper<CyclerPoint> {
  readonly #cells: CellReader;
  readonly #counters = new WithinCycleCounters();
  readonly #time;
  readonly #cycle;
  readonly #step;
  readonly #current;
  readonly #voltage;
  readonly #charge;
  readonly #discharge;
  readonly #chargeEnergy;
  readonly #dischargeEnergy;
  readonly #temperature;

  constructor(columns: HeaderColumns, cells: CellReader) {
    this.#cells = cells;
    this.#time = columns.require('cumulative time', columns.find('Cumulative Time', 'Total Time'), [
      'Cumulative Time',
      'Total Time',
    ]);
    this.#cycle = columns.require('cycle', columns.find('Cycle Index', 'Cycle ID'), ['Cycle Index']);
    this.#step = columns.find('Step Index', 'Step ID');
    this.#current = columns.require('current', columns.findQuantity('current', ['Current']), ['Current(A)']);
    this.#voltage = columns.require('voltage', columns.findQuantity('voltage', ['Voltage']), ['Voltage(V)']);
    this.#charge = columns.findQuantity('capacity', ['Chg. Cap.', 'Chg. Cap']);
    this.#discharge = columns.findQuantity('capacity', ['DChg. Cap.', 'DChg. Cap']);
    this.#chargeEnergy = columns.findQuantity('energy', ['Chg. Energy']);
    this.#dischargeEnergy = columns.findQuantity('energy', ['DChg. Energy']);
    this.#temperature = columns.findQuantity('temperature', ['T1', 'Temperature', 'Aux. Temperature']);
  }

  map(row: Row): CyclerPoint {
    const c = this.#cells;
    const cycle = c.index(row, this.#cycle);
    const step = this.#step === undefined ? null : c.index(row, this.#step);
    return samplePoint(
      this.#counters,
      step,
      {
        timeS: requiredDuration(row, this.#time),
        cycle,
        step,
        currentA: c.required(row, this.#current),
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
