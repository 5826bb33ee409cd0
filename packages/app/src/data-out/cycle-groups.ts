import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { type CellCycleItem, findCellCycles } from '../cells/cell-cycles.ts';
import type { CellItem } from '../cells/cell-json.ts';
import { findCells } from '../cells/find-cells.ts';
import { findDataFiles } from '../measurements/data-files.ts';

/** A source file of a group, as the metadata sheet names it (SPEC §6: checksums travel with data). */
export interface GroupSource {
  fileId: number;
  fileName: string;
  format: string;
  sha256: string;
  capacitySource: string | null;
}

/**
 * One table of an export: a cell, the unit a scientist compares (SPEC §6 "per cell"): its files
 * in the cell's order, its cycles numbered on across them (`cellCycle`), mAh/g from the cell's
 * own active mass. `cycleGroups` is the only place that decides the grouping; the writers of
 * CSV, XLSX and Parquet only see groups.
 */
export interface CycleGroup {
  /** Stable, file-name-safe key: `cell-3`. */
  key: string;
  /** What a person calls it: the cell's label. */
  label: string;
  /** The cell's id, in an experiment-wide table's first column (`GROUP_COLUMNS.id`). */
  id: number;
  activeMassMg: number | null;
  /** The cell's description for the metadata sheet (values in force: own, else the experiment's). */
  details: Record<string, string | number | null>;
  sources: GroupSource[];
  cycles: CellCycleItem[];
}

/** The columns that say which group a row of an experiment-wide table belongs to. */
export const GROUP_COLUMNS = { id: 'cell_id', label: 'cell_label' } as const;

/** A cell's fields the metadata sheet lists, in this order. */
export const DETAILS = [
  'cycler',
  'channel',
  'cathodeMaterial',
  'anodeMaterial',
  'electrolyte',
  'formFactor',
  'nominalCapacityMah',
  'electrodeAreaCm2',
  'loadingMgCm2',
  'temperatureC',
] as const satisfies readonly (keyof CellItem)[];

/** Which part of an experiment: all of it, one cell, or one file (within its cell). */
export interface GroupFilter {
  cellId?: number;
  fileId?: number;
}

/**
 * The experiment's cycles grouped per cell, cells in their order and each cell's files in its
 * order. With `fileId`, the file's cell with that file alone (its cycles keep the cell's
 * numbering). Cells without a matching file are left out. The caller has decided that the
 * experiment is visible.
 */
export async function cycleGroups(
  db: Kysely<Database>,
  experimentId: number,
  filter: GroupFilter = {},
): Promise<CycleGroup[]> {
  const [cells, files, cycles] = await Promise.all([
    findCells(db, experimentId),
    findDataFiles(db, experimentId),
    findCellCycles(db, experimentId, filter.fileId === undefined ? {} : { fileId: filter.fileId }),
  ]);
  const byId = new Map(files.map((f) => [f.id, f]));
  return cells
    .filter((cell) => filter.cellId === undefined || cell.id === filter.cellId)
    .map((cell) => {
      const own = cell.files.filter((f) => filter.fileId === undefined || f.id === filter.fileId);
      const order = new Map(own.map((f, i) => [f.id, i]));
      return {
        key: `cell-${cell.id}`,
        label: cell.label,
        id: cell.id,
        activeMassMg: cell.activeMassMg,
        details: Object.fromEntries(DETAILS.map((k) => [k, cell[k]])),
        sources: own.flatMap((f) => {
          const file = byId.get(f.id);
          return file
            ? [
                {
                  fileId: file.id,
                  fileName: file.fileName,
                  format: file.format,
                  sha256: file.sha256,
                  capacitySource: file.capacitySource,
                },
              ]
            : [];
        }),
        cycles: cycles
          .filter((c) => c.cellId === cell.id && order.has(c.fileId))
          .sort((a, b) => (order.get(a.fileId) ?? 0) - (order.get(b.fileId) ?? 0) || a.cycle - b.cycle),
      };
    })
    .filter(
      (group) => group.sources.length > 0 || (filter.fileId === undefined && filter.cellId !== undefined),
    );
}
