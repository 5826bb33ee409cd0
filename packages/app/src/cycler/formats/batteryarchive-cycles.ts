import type { CycleSummary } from '../cycler-types.ts';
import { parseDateTimeMs } from '../tabular/duration.ts';
import type { CellReader, Row, RowMapper } from '../tabular/cell-reader.ts';
import type { Column, HeaderColumns } from '../tabular/header-columns.ts';
import type { CycleSummaryTextFormat } from './text-format.ts';

/**
 * Battery Archive (batteryarchive.org) per-cycle "cycle_data" CSV: "Cycle_Index, Start_Time,
 * End_Time, Test_Time (s), Min/Max_Current (A), Min/Max_Voltage (V), Charge_Capacity (Ah),
 * Discharge_Capacity (Ah), Charge_Energy (Wh), Discharge_Energy (Wh)". Some datasets omit
 * Start_Time/End_Time or leave them empty; "Cycle_Index" is written "1.0". The cycle's duration
 * comes from its start and end times when both are there, else from the test time at the end of
 * consecutive cycles (Test_Time is the test time at the cycle's end), else 0.
 */
export const batteryArchiveCycles: CycleSummaryTextFormat = {
  kind: 'cycle-summary',
  format: 'batteryarchive-cycles',
  resembles: {
    name: 'Battery Archive cycle_data CSV',
    columns: [
      ['Cycle_Index'],
      ['Min_Voltage (V)'],
      ['Max_Voltage (V)'],
      ['Charge_Capacity (Ah)'],
      ['Discharge_Capacity (Ah)'],
    ],
  },

  matchesHeader(columns) {
    return (
      columns.has('Cycle_Index') &&
      columns.has('Charge_Capacity (Ah)') &&
      columns.has('Discharge_Capacity (Ah)') &&
      columns.has('Max_Voltage (V)')
    );
  },

  bind(columns, cells) {
    return new CycleDataMapper(columns, cells);
  },
};

class CycleDataMapper implements RowMapper<CycleSummary> {
  readonly #cells: CellReader;
  readonly #cycle: Column;
  readonly #charge: Column;
  readonly #discharge: Column;
  readonly #chargeEnergy: Column | undefined;
  readonly #dischargeEnergy: Column | undefined;
  readonly #testTime: Column | undefined;
  readonly #start: Column | undefined;
  readonly #end: Column | undefined;
  #previousEndS: number | null = null;

  constructor(columns: HeaderColumns, cells: CellReader) {
    this.#cells = cells;
    this.#cycle = columns.require('cycle', columns.find('Cycle_Index'), ['Cycle_Index']);
    this.#charge = columns.require('charge capacity', columns.find('Charge_Capacity (Ah)'), [
      'Charge_Capacity (Ah)',
    ]);
    this.#discharge = columns.require('discharge capacity', columns.find('Discharge_Capacity (Ah)'), [
      'Discharge_Capacity (Ah)',
    ]);
    this.#chargeEnergy = columns.find('Charge_Energy (Wh)');
    this.#dischargeEnergy = columns.find('Discharge_Energy (Wh)');
    this.#testTime = columns.find('Test_Time (s)');
    this.#start = columns.find('Start_Time');
    this.#end = columns.find('End_Time');
  }

  map(row: Row): CycleSummary {
    const c = this.#cells;
    const chargeCapacityAh = c.optional(row, this.#charge) ?? 0;
    const dischargeCapacityAh = c.optional(row, this.#discharge) ?? 0;
    return {
      cycle: c.index(row, this.#cycle),
      chargeCapacityAh,
      dischargeCapacityAh,
      coulombicEfficiency: chargeCapacityAh > 0 ? dischargeCapacityAh / chargeCapacityAh : null,
      chargeEnergyWh: c.optional(row, this.#chargeEnergy) ?? 0,
      dischargeEnergyWh: c.optional(row, this.#dischargeEnergy) ?? 0,
      durationS: this.#duration(row),
    };
  }

  #duration(row: Row): number {
    const start = parseDateTimeMs(this.#cells.text(row, this.#start));
    const end = parseDateTimeMs(this.#cells.text(row, this.#end));
    const endS = this.#cells.optional(row, this.#testTime);
    const previous = this.#previousEndS;
    if (endS !== null) this.#previousEndS = endS;
    if (start !== undefined && end !== undefined && end >= start) return (end - start) / 1000;
    return endS !== null && previous !== null && endS >= previous ? endS - previous : 0;
  }
}
