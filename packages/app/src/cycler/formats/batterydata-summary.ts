import type { CycleSummary } from '../cycler-types.ts';
import type { CellReader, Row, RowMapper } from '../tabular/cell-reader.ts';
import type { Column, HeaderColumns } from '../tabular/header-columns.ts';
import type { CycleSummaryTextFormat } from './text-format.ts';

/**
 * DOE Battery Data Hub per-cycle summary (SOURCES.md A9): one row per cycle, not a time series,
 * so it yields CycleSummary values directly (ParsedCyclerFile of kind 'cycle-summary').
 * Q_chg/Q_dis are Ah and E_chg/E_dis Wh; cycles without cycling (EIS) have NaN there, which we
 * report as 0 so that every cycle of the file is kept. Coulombic efficiency is recomputed as
 * discharge/charge like everywhere else (it equals the file's CE column). Cycle_Label, when
 * present, becomes the summary's label.
 */
export const batterydataSummary: CycleSummaryTextFormat = {
  kind: 'cycle-summary',
  format: 'batterydata-summary',
  resembles: { name: 'Battery Data Hub cycle summary', columns: [['Cycle_Index'], ['Q_chg'], ['Q_dis']] },

  matchesHeader(columns) {
    return columns.has('Cycle_Index') && columns.has('Q_chg') && columns.has('Q_dis');
  },

  bind(columns, cells) {
    return new BatterydataSummaryMapper(columns, cells);
  },
};

class BatterydataSummaryMapper implements RowMapper<CycleSummary> {
  readonly #cells: CellReader;
  readonly #cycle: Column;
  readonly #charge: Column;
  readonly #discharge: Column;
  readonly #chargeEnergy;
  readonly #dischargeEnergy;
  readonly #duration;
  readonly #start;
  readonly #end;
  readonly #label;

  constructor(columns: HeaderColumns, cells: CellReader) {
    this.#cells = cells;
    this.#cycle = columns.require('cycle', columns.find('Cycle_Index'), ['Cycle_Index']);
    this.#charge = columns.require('charge capacity', columns.find('Q_chg'), ['Q_chg']);
    this.#discharge = columns.require('discharge capacity', columns.find('Q_dis'), ['Q_dis']);
    this.#chargeEnergy = columns.find('E_chg');
    this.#dischargeEnergy = columns.find('E_dis');
    this.#duration = columns.find('tsecs_cycle');
    this.#start = columns.find('tsecs_start');
    this.#end = columns.find('tsecs_end');
    this.#label = columns.find('Cycle_Label');
  }

  map(row: Row): CycleSummary {
    const c = this.#cells;
    const chargeCapacityAh = c.optional(row, this.#charge) ?? 0;
    const dischargeCapacityAh = c.optional(row, this.#discharge) ?? 0;
    const start = c.optional(row, this.#start);
    const end = c.optional(row, this.#end);
    const summary: CycleSummary = {
      cycle: c.index(row, this.#cycle),
      chargeCapacityAh,
      dischargeCapacityAh,
      coulombicEfficiency: chargeCapacityAh > 0 ? dischargeCapacityAh / chargeCapacityAh : null,
      chargeEnergyWh: c.optional(row, this.#chargeEnergy) ?? 0,
      dischargeEnergyWh: c.optional(row, this.#dischargeEnergy) ?? 0,
      durationS: c.optional(row, this.#duration) ?? (start !== null && end !== null ? end - start : 0),
    };
    const label = c.text(row, this.#label);
    if (label !== '') summary.label = label;
    return summary;
  }
}
