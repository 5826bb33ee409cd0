import type { CyclerPoint } from '../cycler-types.ts';
import type { CellReader, Row } from '../tabular/cell-reader.ts';
import type { Column } from '../tabular/header-columns.ts';
import type { WithinCycleCounters } from './within-cycle-counter.ts';

/** What every time-series format reads per row before its counters are normalised. */
export type SampleBase = Pick<
  CyclerPoint,
  'timeS' | 'cycle' | 'step' | 'currentA' | 'voltageV' | 'temperatureC'
>;

/** Raw capacity (Ah) and energy (Wh) counters as the cycler printed them. */
export interface RawCounters {
  chargeAh: number | null;
  dischargeAh: number | null;
  chargeWh: number | null;
  dischargeWh: number | null;
}

/** The optional counter columns most formats have, read from one row. */
export function readCounters(
  cells: CellReader,
  row: Row,
  columns: { charge?: Column; discharge?: Column; chargeEnergy?: Column; dischargeEnergy?: Column },
): RawCounters {
  return {
    chargeAh: cells.optional(row, columns.charge),
    dischargeAh: cells.optional(row, columns.discharge),
    chargeWh: cells.optional(row, columns.chargeEnergy),
    dischargeWh: cells.optional(row, columns.dischargeEnergy),
  };
}

/**
 * One normalised point: the row's own readings plus its counters run through the
 * within-cycle rules (`stepKey` is what marks a counter reset; usually the step).
 */
export function samplePoint(
  counters: WithinCycleCounters,
  stepKey: number | string | null,
  base: SampleBase,
  raw: RawCounters,
): CyclerPoint {
  const point: CyclerPoint = {
    ...base,
    chargeCapacityAh: null,
    dischargeCapacityAh: null,
    chargeEnergyWh: null,
    dischargeEnergyWh: null,
  };
  return counters.fill(point, stepKey, raw.chargeAh, raw.dischargeAh, raw.chargeWh, raw.dischargeWh);
}
