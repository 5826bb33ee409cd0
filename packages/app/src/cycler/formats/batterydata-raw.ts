import type { CyclerPoint } from '../cycler-types.ts';
import { WithinCycleCounters } from '../normalise/within-cycle-counter.ts';
import { readCounters, samplePoint } from '../normalise/sample-point.ts';
import type { CellReader, Row, RowMapper } from '../tabular/cell-reader.ts';
import type { Column, HeaderColumns } from '../tabular/header-columns.ts';
import type { TimeSeriesTextFormat } from './text-format.ts';

/**
 * DOE Battery Data Hub (batterydata.energy.gov) raw time series (SOURCES.md A8). Units are in the
 * names' suffixes; missing values are the text "NaN". Impedance spectroscopy rows are mixed into
 * the time series: they have the Frequency/Z columns filled and a meaningless (negative) voltage,
 * so they are not cycling samples and are dropped (counted in `stats.skippedRows`).
 */
export const batterydataRaw: TimeSeriesTextFormat = {
  kind: 'time-series',
  format: 'batterydata-raw',

  matchesHeader(columns) {
    return (
      columns.has('Cycle_Index') &&
      columns.has('Time_s') &&
      columns.has('Current_A') &&
      columns.has('Voltage_V')
    );
  },

  bind(columns, cells) {
    return new BatterydataRawMapper(columns, cells);
  },
};

const IMPEDANCE_COLUMNS = ['Frequency_Hz', 'Z_Real_Ohm', 'Z_Imag_Ohm', 'Z_Mag_Ohm', 'Z_Phase_Degree'];

class BatterydataRawMapper implements RowMapper<CyclerPoint> {
  readonly #cells: CellReader;
  readonly #counters = new WithinCycleCounters();
  readonly #time: Column;
  readonly #cycle: Column;
  readonly #step;
  readonly #current: Column;
  readonly #voltage: Column;
  readonly #charge;
  readonly #discharge;
  readonly #chargeEnergy;
  readonly #dischargeEnergy;
  readonly #temperature;
  readonly #impedance: Column[];

  constructor(columns: HeaderColumns, cells: CellReader) {
    this.#cells = cells;
    this.#time = columns.require('time', columns.find('Time_s'), ['Time_s']);
    this.#cycle = columns.require('cycle', columns.find('Cycle_Index'), ['Cycle_Index']);
    this.#step = columns.find('Step', 'Step_Index');
    this.#current = columns.require('current', columns.find('Current_A'), ['Current_A']);
    this.#voltage = columns.require('voltage', columns.find('Voltage_V'), ['Voltage_V']);
    this.#charge = columns.find('Charge_Capacity_Ah');
    this.#discharge = columns.find('Discharge_Capacity_Ah');
    this.#chargeEnergy = columns.find('Charge_Energy_Wh');
    this.#dischargeEnergy = columns.find('Discharge_Energy_Wh');
    this.#temperature = columns.find('Cell_Temperature_C', 'Temperature_C');
    this.#impedance = IMPEDANCE_COLUMNS.flatMap((name) => columns.find(name) ?? []);
  }

  map(row: Row): CyclerPoint | null {
    const c = this.#cells;
    if (this.#impedance.some((column) => c.optional(row, column) !== null)) return null;
    const cycle = c.index(row, this.#cycle);
    const step = this.#step === undefined ? null : c.index(row, this.#step);
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
