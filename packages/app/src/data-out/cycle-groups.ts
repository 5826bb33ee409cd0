import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { findDataFiles } from '../measurements/data-files.ts';
import { type CycleItem, findCycles } from '../measurements/find-cycles.ts';

/** A source file of a group, as the metadata sheet names it (SPEC §6: checksums travel with data). */
export interface GroupSource {
  fileId: number;
  fileName: string;
  format: string;
  sha256: string;
  capacitySource: string | null;
}

/**
 * One table of an export: the unit a scientist compares (SPEC §6 "per cell"). Until cells exist
 * it is one data file; `cycleGroups` is the only place that decides the grouping, so making it
 * a cell (its files in order, cycles continued across them, the cell's active mass) changes
 * this file and nothing that writes CSV, XLSX or Parquet.
 */
export interface CycleGroup {
  /** Stable, file-name-safe key: `file-12` (later `cell-3`). */
  key: string;
  /** What a person calls it: the file name (later the cell's label). */
  label: string;
  /** The group's id in an experiment-wide table's first column (`GROUP_COLUMNS.id`). */
  id: number;
  activeMassMg: number | null;
  sources: GroupSource[];
  cycles: CycleItem[];
}

/** The columns that say which group a row of an experiment-wide table belongs to. */
export const GROUP_COLUMNS = { id: 'file_id', label: 'file_name' } as const;

/** Which groups of an experiment: all, or one (a file today). */
export interface GroupFilter {
  fileId?: number;
}

/**
 * The experiment's cycles grouped for export, in upload order. The caller has decided that the
 * experiment is visible. The mass is the experiment's (cells will carry their own).
 */
export async function cycleGroups(
  db: Kysely<Database>,
  experiment: { id: number; activeMassMg: number | null },
  filter: GroupFilter = {},
): Promise<CycleGroup[]> {
  const files = (await findDataFiles(db, experiment.id)).filter(
    (f) => filter.fileId === undefined || f.id === filter.fileId,
  );
  const cycles = await findCycles(
    db,
    experiment.id,
    filter.fileId === undefined ? {} : { fileId: filter.fileId },
  );
  return files.map((file) => ({
    key: `file-${file.id}`,
    label: file.fileName,
    id: file.id,
    activeMassMg: experiment.activeMassMg,
    sources: [
      {
        fileId: file.id,
        fileName: file.fileName,
        format: file.format,
        sha256: file.sha256,
        capacitySource: file.capacitySource,
      },
    ],
    cycles: cycles.filter((c) => c.fileId === file.id),
  }));
}
