import type { CyclerPoint } from '../cycler-types.ts';
import { WithinCycleCounters } from '../normalise/within-cycle-counter.ts';
import { readCounters, samplePoint } from '../normalise/sample-point.ts';
import type { CellReader, Row, RowMapper } from '../tabular/cell-reader.ts';
import type { HeaderColumns } from '../tabular/header-columns.ts';
import type { TimeSeriesTextFormat } from './text-format.ts';

/**
 * Arbin MITS CSV, as in the TRI/BEEP and Severson 2019 data (SOURCES.md A1). Older exports have
 * no units in the names ("Current" is A, "Charge_Capacity" is Ah), newer ones write "Current(A)".
 * Counters are cumulative within a cycle. Near-duplicate rows 0.1 ms apart are kept: they are real
 * samples of the cycler (the temperature differs) and change no per-cycle total.
 */
export const arbinCsv: TimeSeriesTextFormat = {
  kind: 'time-series',
  format: 'arbin-csv',

  matchesHeader(columns) {
    return (
      columns.has('Data_Point', 'Data Point') &&
      columns.has('Cycle_Index') &&
      columns.has('Step_Index') &&
      columns.findQuantity('time', ['Test_Time'], ['Test_Time']) !== undefined
    );
  },

  bind(columns, cells) {
    return new ArbinMapper(columns, cells);
  },
};

class ArbinMapper implements RowMapper<CyclerPoint> {
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
    this.#time = columns.require('test time', columns.findQuantity('time', ['Test_Time'], ['Test_Time']), [
      'Test_Time',
    ]);
    this.#cycle = columns.require('cycle', columns.find('Cycle_Index'), ['Cycle_Index']);
    this.#step = columns.require('step', columns.find('Step_Index'), ['Step_Index']);
    this.#current = columns.require('current', columns.findQuantity('current', ['Current'], ['Current']), [
      'Current',
      'Current(A)',
    ]);
    this.#voltage = columns.require('voltage', columns.findQuantity('voltage', ['Voltage'], ['Voltage']), [
      'Voltage',
      'Voltage(V)',
    ]);
    this.#charge = columns.findQuantity('capacity', ['Charge_Capacity'], ['Charge_Capacity']);
    this.#discharge = columns.findQuantity('capacity', ['Discharge_Capacity'], ['Discharge_Capacity']);
    this.#chargeEnergy = columns.findQuantity('energy', ['Charge_Energy'], ['Charge_Energy']);
    this.#dischargeEnergy = columns.findQuantity('energy', ['Discharge_Energy'], ['Discharge_Energy']);
    this.#temperature = columns.findQuantity(
      'temperature',
      ['Temperature', 'Aux_Temperature_1', 'Aux_Temperature'],
      ['Temperature', 'Aux_Temperature_1'],
    );
  }

  map(row: Row): CyclerPoint {
    const c = this.#cells;
    const cycle = c.index(row, this.#cycle);
    const step = c.index(row, this.#step);
    return samplePoint(
      this.#counters,
      step,
      {
        timeS: c.required(row, this.#time),
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
