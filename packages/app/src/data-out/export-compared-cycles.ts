import type { Subject } from '@batterydb/authz';
import type { Kysely } from 'kysely';
import type { AppAuthz } from '../authz/create-app-authz.ts';
import type { Database } from '../db/schema.ts';
import { getExperiment } from '../experiments/get-experiment.ts';
import { csvLine } from './csv-line.ts';
import { cycleColumns, cycleRows } from './cycle-columns.ts';
import { type CycleGroup, cycleGroups } from './cycle-groups.ts';
import { CONTENT_TYPES } from './cycle-table.ts';
import type { Download } from './export-cycle-table.ts';

/**
 * The compare page's download: the per-cycle table of every cell of the compared experiments
 * as one CSV, each row led by its experiment (id, title) and then the columns of an
 * experiment's own per-cycle export (cell, cycle, capacities, mAh/g, CE, energies), so a
 * notebook pivots on experiment and cell. Every experiment is loaded under the caller's view
 * decision first: one invisible experiment → NOT_FOUND for the whole table.
 */
export async function exportComparedCycles(
  authz: AppAuthz,
  db: Kysely<Database>,
  subject: Subject | null,
  experimentIds: readonly number[],
): Promise<Download> {
  const experiments = [];
  for (const id of experimentIds) experiments.push(await getExperiment(authz, db, subject, id));
  const tables: { id: number; title: string; groups: CycleGroup[] }[] = [];
  for (const e of experiments) tables.push({ id: e.id, title: e.title, groups: await cycleGroups(db, e.id) });
  const columns = cycleColumns(
    tables.flatMap((t) => t.groups),
    true,
  );
  return {
    fileName: `compare-${experimentIds.join('-')}-cycles.csv`,
    contentType: CONTENT_TYPES.csv,
    body: (function* () {
      yield csvLine(['experiment_id', 'experiment_title', ...columns.map((c) => c.name)]);
      for (const t of tables)
        for (const row of cycleRows(t.groups, columns)) yield csvLine([t.id, t.title, ...row]);
    })(),
  };
}
