import type { Subject } from '@batterydb/authz';
import type { Kysely } from 'kysely';
import type { AppAuthz } from '../authz/create-app-authz.ts';
import type { Database } from '../db/schema.ts';
import { type ExperimentRow, getExperiment } from '../experiments/get-experiment.ts';
import { type CellCycleItem, findCellCycles } from './cell-cycles.ts';
import type { CellItem } from './cell-json.ts';
import { findCells } from './find-cells.ts';

/** One cell of a compared experiment, with its cycles in its own (continued) numbering. */
export interface ComparedCell {
  experimentId: number;
  experimentTitle: string;
  cell: CellItem;
  cycles: CellCycleItem[];
}

/** What a person calls a compared cell: "experiment title · cell label". */
export const comparedLabel = (c: Pick<ComparedCell, 'experimentTitle' | 'cell'>): string =>
  `${c.experimentTitle} · ${c.cell.label}`;

/**
 * The experiments chosen for comparison and each one's cells that have cycles, in the order
 * asked and the cells' own order. Each experiment is loaded through `getExperiment`, so one the
 * caller may not see fails the whole comparison with NOT_FOUND (never a subset that hints at
 * a hidden one).
 */
export async function findComparedCells(
  authz: AppAuthz,
  db: Kysely<Database>,
  subject: Subject | null,
  experimentIds: readonly number[],
): Promise<{ experiments: ExperimentRow[]; cells: ComparedCell[] }> {
  const experiments: ExperimentRow[] = [];
  for (const id of experimentIds) experiments.push(await getExperiment(authz, db, subject, id));
  const perExperiment = await Promise.all(
    experiments.map(async (e) => {
      const [cells, cycles] = await Promise.all([findCells(db, e.id), findCellCycles(db, e.id)]);
      return cells.map((cell) => ({
        experimentId: e.id,
        experimentTitle: e.title,
        cell,
        cycles: cycles.filter((c) => c.cellId === cell.id).sort((a, b) => a.cellCycle - b.cellCycle),
      }));
    }),
  );
  return { experiments, cells: perExperiment.flat().filter((c) => c.cycles.length > 0) };
}

/** One row of a compared cell's per-cycle table: every quantity the compare page offers. */
export interface CompareFigures {
  cellCycle: number;
  dischargeAh: number;
  /** Discharge as % of the reference cycle's discharge; null without a reference. */
  normalisedPercent: number | null;
  /** mAh per gram of the cell's active mass; null when the cell records no mass. */
  dischargeMahG: number | null;
  coulombicEfficiencyPercent: number | null;
  dischargeEnergyWh: number;
}

/**
 * The reference a cell's capacity is normalised to: the discharge of cycle `reference` (the
 * cell's numbering) when asked, else of its first cycle that discharged at all. Null when that
 * cycle is missing or did not discharge: such a cell is not normalised rather than normalised
 * to something else. The page's script applies the same rule (public/js/compare.js).
 */
export function referenceDischarge(
  cycles: readonly CellCycleItem[],
  reference: number | null,
): number | null {
  const found =
    reference === null
      ? cycles.find((c) => c.dischargeCapacityAh > 0)
      : cycles.find((c) => c.cellCycle === reference);
  return found && found.dischargeCapacityAh > 0 ? found.dischargeCapacityAh : null;
}

/** The figures of each of a compared cell's cycles, straight from the stored per-cycle summary. */
export function compareFigures(compared: ComparedCell, reference: number | null): CompareFigures[] {
  const base = referenceDischarge(compared.cycles, reference);
  return compared.cycles.map((c) => ({
    cellCycle: c.cellCycle,
    dischargeAh: c.dischargeCapacityAh,
    normalisedPercent: base === null ? null : (c.dischargeCapacityAh / base) * 100,
    dischargeMahG: c.dischargeCapacityMahG,
    coulombicEfficiencyPercent: c.coulombicEfficiency === null ? null : c.coulombicEfficiency * 100,
    dischargeEnergyWh: c.dischargeEnergyWh,
  }));
}
