import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/schema.ts';

/** What a list row says about an experiment's data. */
export interface ExperimentSummary {
  /** Cycles over all files. */
  cycles: number;
  /**
   * Discharge capacity (Ah) of the last cycle that discharged (rest or impedance cycles at the
   * end would show 0), in file order; null without data.
   */
  lastDischargeCapacityAh: number | null;
}

export const EMPTY_SUMMARY: ExperimentSummary = { cycles: 0, lastDischargeCapacityAh: null };

/**
 * Cycle counts and last discharge capacity of a page of experiments, in one query (window
 * functions, on both dialects). The caller has decided that the experiments are visible.
 */
export async function experimentSummaries(
  db: Kysely<Database>,
  experimentIds: readonly number[],
): Promise<Map<number, ExperimentSummary>> {
  if (experimentIds.length === 0) return new Map();
  const rows = await sql<{ experiment_id: number; n: number; capacity: number | null }>`
    select experiment_id, n, capacity from (
      select experiment_id, discharge_capacity_ah as capacity,
        count(*) over (partition by experiment_id) as n,
        row_number() over (
          partition by experiment_id
          order by case when discharge_capacity_ah > 0 then 1 else 0 end desc, file_id desc, cycle desc
        ) as rn
      from cycle_summary where experiment_id in (${sql.join(experimentIds)})
    ) last_cycles where rn = 1`.execute(db);
  return new Map(
    rows.rows.map((r) => [
      Number(r.experiment_id),
      { cycles: Number(r.n), lastDischargeCapacityAh: r.capacity === null ? null : Number(r.capacity) },
    ]),
  );
}
