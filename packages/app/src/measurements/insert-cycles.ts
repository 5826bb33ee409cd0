import type { Kysely } from 'kysely';
import type { CycleSummary } from '../cycler/index.ts';
import type { Database } from '../db/schema.ts';

/** 500 cycles × 10 columns per statement: well inside both dialects' parameter limits. */
const CYCLES_PER_STATEMENT = 500;

/** Stores a file's per-cycle totals (computed from its samples or read from a summary file). */
export async function insertCycles(
  db: Kysely<Database>,
  target: { experimentId: number; fileId: number },
  cycles: readonly CycleSummary[],
): Promise<void> {
  for (let start = 0; start < cycles.length; start += CYCLES_PER_STATEMENT) {
    await db
      .insertInto('cycle_summary')
      .values(
        cycles.slice(start, start + CYCLES_PER_STATEMENT).map((c) => ({
          experiment_id: target.experimentId,
          file_id: target.fileId,
          cycle: c.cycle,
          charge_capacity_ah: c.chargeCapacityAh,
          discharge_capacity_ah: c.dischargeCapacityAh,
          coulombic_efficiency: c.coulombicEfficiency,
          charge_energy_wh: c.chargeEnergyWh,
          discharge_energy_wh: c.dischargeEnergyWh,
          duration_s: c.durationS,
          label: c.label === undefined || c.label === '' ? null : c.label.slice(0, 100),
        })),
      )
      .execute();
  }
}
