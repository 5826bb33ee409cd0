import type { Kysely } from 'kysely';
import { findCellCycles } from '../cells/cell-cycles.ts';
import type { CellItem } from '../cells/cell-json.ts';
import { findCells } from '../cells/find-cells.ts';
import type { Database } from '../db/schema.ts';
import { type ExperimentJson, toExperimentJson } from '../experiments/experiment-json.ts';

/** One original file of a version: its bytes are kept under `sha256` (dataset_blob_chunk). */
export interface SnapshotFile {
  /** The experiment's file id when frozen (the download path uses the position, `index`). */
  id: number;
  index: number;
  name: string;
  sha256: string;
  bytes: number;
  format: string;
  cellLabel: string | null;
}

/** One cycle as the version keeps it: the file's own figures (Ah, Wh) and the cell's cycle number. */
export interface SnapshotCycle {
  cycle: number;
  fileCycle: number;
  fileIndex: number;
  chargeAh: number;
  dischargeAh: number;
  coulombicEfficiency: number | null;
  chargeWh: number;
  dischargeWh: number;
  chargeMahG: number | null;
  dischargeMahG: number | null;
}

/**
 * What a version freezes (issue 26): all the experiment's metadata, its cells, its files with
 * SHA-256 and its per-cycle tables per cell. JSON-serialisable; stored as text and never
 * changed. `creator` is the owner's display name (citation metadata proper is added at merge).
 */
export interface DatasetSnapshot {
  experiment: Omit<ExperimentJson, 'status' | 'updatedAt'> & { creator: string };
  cells: Omit<CellItem, 'createdAt' | 'updatedAt'>[];
  files: SnapshotFile[];
  cycleTables: { cellId: number; cellLabel: string; activeMassMg: number | null; cycles: SnapshotCycle[] }[];
}

/**
 * Builds the snapshot of an experiment's current state (the caller decided it may). The same
 * state gives the same JSON, so "is there a draft?" is "does this differ from the last version?".
 */
export async function snapshotExperiment(
  db: Kysely<Database>,
  experimentId: number,
): Promise<DatasetSnapshot> {
  const row = await db
    .selectFrom('experiment as e')
    .innerJoin('authz_user as u', 'u.id', 'e.owner_id')
    .selectAll('e')
    .select(['u.username as owner_username', 'u.full_name as owner_name'])
    .where('e.id', '=', experimentId)
    .executeTakeFirstOrThrow();
  const { status: _status, updatedAt: _updated, ...experiment } = toExperimentJson(row, row.owner_username);
  const [cells, cycles, files] = await Promise.all([
    findCells(db, experimentId),
    findCellCycles(db, experimentId),
    db
      .selectFrom('data_file')
      .select(['id', 'file_name', 'sha256', 'size_bytes', 'format', 'cell_id'])
      .where('experiment_id', '=', experimentId)
      .where('status', '=', 'complete')
      .orderBy('id')
      .execute(),
  ]);
  const labels = new Map(cells.map((c) => [c.id, c.label]));
  const snapshotFiles: SnapshotFile[] = files.map((f, i) => ({
    id: f.id,
    index: i + 1,
    name: f.file_name,
    sha256: f.sha256,
    bytes: Number(f.size_bytes),
    format: f.format,
    cellLabel: f.cell_id === null ? null : (labels.get(f.cell_id) ?? null),
  }));
  const fileIndex = new Map(snapshotFiles.map((f) => [f.id, f.index]));
  return {
    experiment: { ...experiment, creator: row.owner_name.trim() || row.owner_username },
    cells: cells.map(({ createdAt: _c, updatedAt: _u, ...cell }) => cell),
    files: snapshotFiles,
    cycleTables: cells.map((cell) => ({
      cellId: cell.id,
      cellLabel: cell.label,
      activeMassMg: cell.activeMassMg,
      cycles: cycles
        .filter((c) => c.cellId === cell.id)
        .map((c) => ({
          cycle: c.cellCycle,
          fileCycle: c.cycle,
          fileIndex: fileIndex.get(c.fileId) ?? 0,
          chargeAh: c.chargeCapacityAh,
          dischargeAh: c.dischargeCapacityAh,
          coulombicEfficiency: c.coulombicEfficiency,
          chargeWh: c.chargeEnergyWh,
          dischargeWh: c.dischargeEnergyWh,
          chargeMahG: c.chargeCapacityMahG,
          dischargeMahG: c.dischargeCapacityMahG,
        }))
        .sort((a, b) => a.cycle - b.cycle),
    })),
  };
}
