import type { CyclerPoint } from '../cycler/index.ts';

/** Where a batch of samples goes: a file of an experiment, numbered from `firstSeq`. */
export interface PointTarget {
  experimentId: number;
  fileId: number;
  firstSeq: number;
}

/**
 * Writes batches of normalised samples inside an import's transaction. One implementation per
 * dialect, each the fastest bulk path that dialect has: COPY on PostgreSQL, multi-row INSERT of
 * a cached statement text on SQLite.
 */
export interface PointWriter {
  write(target: PointTarget, points: readonly CyclerPoint[]): Promise<void>;
}

/** The columns of `measurement` in the order both writers send them. */
export const POINT_COLUMNS = [
  'experiment_id',
  'file_id',
  'seq',
  'time_s',
  'cycle',
  'step',
  'current_a',
  'voltage_v',
  'charge_capacity_ah',
  'discharge_capacity_ah',
  'charge_energy_wh',
  'discharge_energy_wh',
  'temperature_c',
] as const;

/** A value the database can store: NaN and ±Infinity (never produced by the parsers) become NULL. */
export const finite = (value: number | null): number | null =>
  value !== null && Number.isFinite(value) ? value : null;
