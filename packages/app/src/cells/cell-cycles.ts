import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { type CycleItem, findCycles } from '../measurements/find-cycles.ts';
import type { CellItem } from './cell-json.ts';
import { findCells } from './find-cells.ts';

/** One cycle with its cell: `cycle` is the file's own number, `cellCycle` the cell's continued one. */
export interface CellCycleItem extends CycleItem {
  cellId: number | null;
  cellCycle: number;
  /** mAh per gram of the cell's active mass; null when the cell records no mass. */
  chargeCapacityMahG: number | null;
  dischargeCapacityMahG: number | null;
}

/** mAh/g from Ah and mg: Ah × 1000 / (mg / 1000). */
export const mahPerGram = (ah: number, massMg: number | null): number | null =>
  massMg === null || !(massMg > 0) ? null : (ah * 1e6) / massMg;

/** Each cycle with its cell and its number within the cell, given the cells as found. */
export function withCells(cycles: readonly CycleItem[], cells: readonly CellItem[]): CellCycleItem[] {
  const byFile = new Map<number, { cell: CellItem; offset: number }>();
  for (const cell of cells) for (const f of cell.files) byFile.set(f.id, { cell, offset: f.cycleOffset });
  return cycles.map((c) => {
    const place = byFile.get(c.fileId);
    const mass = place?.cell.activeMassMg ?? null;
    return {
      ...c,
      cellId: place?.cell.id ?? null,
      cellCycle: c.cycle + (place?.offset ?? 0),
      chargeCapacityMahG: mahPerGram(c.chargeCapacityAh, mass),
      dischargeCapacityMahG: mahPerGram(c.dischargeCapacityAh, mass),
    };
  });
}

/**
 * The per-cycle summary of an experiment (or of one cell, or one file) with cells and continued
 * cycle numbers: file by file in upload order for the experiment, in the cell's order for a cell.
 * The caller has decided that the experiment is visible.
 */
export async function findCellCycles(
  db: Kysely<Database>,
  experimentId: number,
  options: { fileId?: number; cellId?: number } = {},
): Promise<CellCycleItem[]> {
  const [cycles, cells] = await Promise.all([
    findCycles(db, experimentId, options.fileId === undefined ? {} : { fileId: options.fileId }),
    findCells(db, experimentId),
  ]);
  const all = withCells(cycles, cells);
  if (options.cellId === undefined) return all;
  const cell = cells.find((c) => c.id === options.cellId);
  if (!cell) return [];
  const order = new Map(cell.files.map((f, i) => [f.id, i]));
  return all
    .filter((c) => c.cellId === cell.id)
    .sort((a, b) => (order.get(a.fileId) ?? 0) - (order.get(b.fileId) ?? 0) || a.cycle - b.cycle);
}
