/**
 * The normalised shapes every cycler importer produces. Units are fixed here so that the rest of
 * BatteryDB never converts: s, A, V, Ah, Wh, °C. Sign convention: charge current > 0.
 */

/** One normalised sample. */
export interface CyclerPoint {
  /** Test time since the start of the test, in seconds. */
  timeS: number;
  /** Cycle number as the importer defines it (integer >= 0); see ARCHITECTURE notes in index.ts. */
  cycle: number;
  step: number | null;
  currentA: number;
  voltageV: number;
  /**
   * Charge passed into the cell so far (Ah): the cycler's per-cycle counter, or, for cyclers that
   * count per step, the steps of one continuous charge chained (CC + CV). Its largest value in a
   * cycle is the cycle's charge capacity. Null when the source has no capacity counter.
   * See normalise/within-cycle-counter.ts for the exact rule.
   */
  chargeCapacityAh: number | null;
  dischargeCapacityAh: number | null;
  chargeEnergyWh: number | null;
  dischargeEnergyWh: number | null;
  temperatureC: number | null;
}

/**
 * Where a file's per-cycle capacities came from: the cycler's own capacity/energy counters, or
 * current integrated over time because the file has none (SPEC §6).
 */
export type CapacitySource = 'cycler' | 'integrated';

/** Every file layout we can read. Detected from content, never from the file name. */
export type CyclerFormat =
  | 'arbin-csv'
  | 'maccor-text'
  | 'biologic-text'
  | 'biologic-mpr'
  | 'neware-csv'
  | 'neware-xls'
  | 'neware-ndax'
  | 'neware-nda'
  | 'arbin-xlsx'
  | 'lanhe-xlsx'
  | 'bdf-csv'
  | 'batterydata-raw'
  | 'batterydata-summary'
  | 'pec-csv'
  | 'novonix-csv'
  | 'basytec-text'
  | 'batteryarchive-timeseries'
  | 'batteryarchive-cycles'
  | 'arbin-res'
  /** A delimited text in no layout we know, read with a user's saved column mapping. */
  | 'column-mapped';

/** Formats that hold a time series (every format except per-cycle summary files). */
export type TimeSeriesFormat = Exclude<CyclerFormat, CycleSummaryFormat>;

/** Formats that hold one row per cycle instead of samples. */
export type CycleSummaryFormat = 'batterydata-summary' | 'batteryarchive-cycles';

/** One cycle's totals. Capacities in Ah, energies in Wh, duration in s. */
export interface CycleSummary {
  cycle: number;
  chargeCapacityAh: number;
  dischargeCapacityAh: number;
  /** discharge / charge; null when the cycle has no charge. */
  coulombicEfficiency: number | null;
  chargeEnergyWh: number;
  dischargeEnergyWh: number;
  durationS: number;
  /** The file's own label for the cycle ("Capacity check", "Aging cycle"…), where it has one. */
  label?: string;
}

export const ALL_FORMATS: readonly CyclerFormat[] = [
  'arbin-csv',
  'maccor-text',
  'biologic-text',
  'biologic-mpr',
  'neware-csv',
  'neware-xls',
  'neware-ndax',
  'neware-nda',
  'arbin-xlsx',
  'lanhe-xlsx',
  'bdf-csv',
  'batterydata-raw',
  'batterydata-summary',
  'pec-csv',
  'novonix-csv',
  'basytec-text',
  'batteryarchive-timeseries',
  'batteryarchive-cycles',
  'arbin-res',
  'column-mapped',
];
