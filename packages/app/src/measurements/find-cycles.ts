import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { completeFileIds } from './data-files.ts';

/** One cycle of one file, as the API shows it. */
export interface CycleItem {
  fileId: number;
  cycle: number;
  label: string | null;
  chargeCapacityAh: number;
  dischargeCapacityAh: number;
  coulombicEfficiency: number | null;
  chargeEnergyWh: number;
  dischargeEnergyWh: number;
  durationS: number;
}

/**
 * Every cycle of an experiment, file by file in upload order, then by cycle number. Cycle
 * numbers are each file's own, so two files may both have a cycle 1; `fileId` tells them apart.
 * The caller has already decided that the experiment is visible.
 */
export async function findCycles(
  db: Kysely<Database>,
  experimentId: number,
  options: { fileId?: number } = {},
): Promise<CycleItem[]> {
  let query = db
    .selectFrom('cycle_summary')
    .selectAll()
    .where('experiment_id', '=', experimentId)
    .where('file_id', 'in', completeFileIds(db, experimentId));
  if (options.fileId !== undefined) query = query.where('file_id', '=', options.fileId);
  const rows = await query.orderBy('file_id').orderBy('cycle').execute();
  return rows.map((r) => ({
    fileId: r.file_id,
    cycle: r.cycle,
    label: r.label,
    chargeCapacityAh: r.charge_capacity_ah,
    dischargeCapacityAh: r.discharge_capacity_ah,
    coulombicEfficiency: r.coulombic_efficiency,
    chargeEnergyWh: r.charge_energy_wh,
    dischargeEnergyWh: r.discharge_energy_wh,
    durationS: r.duration_s,
  }));
}
