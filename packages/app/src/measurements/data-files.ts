import type { Kysely } from 'kysely';
import type { CapacitySource } from '../cycler/index.ts';
import type { Database, DataFileTable } from '../db/schema.ts';

/** A stored file as the API shows it. */
export interface DataFileItem {
  id: number;
  experimentId: number;
  fileName: string;
  format: string;
  sizeBytes: number;
  sha256: string;
  points: number;
  cycles: number;
  skippedRows: number;
  metadata: Record<string, string>;
  /** Where the per-cycle capacities came from: the file's counters, or current integrated. */
  capacitySource: CapacitySource | null;
  /** The file's cell and place in it (issue 20). */
  cellId: number | null;
  cellPosition: number | null;
  uploadedBy: number | null;
  createdAt: string;
}

type DataFileRow = Omit<DataFileTable, 'id' | 'status' | 'replaced_by' | 'replaces'> & { id: number };

function toItem(row: DataFileRow): DataFileItem {
  return {
    id: row.id,
    experimentId: row.experiment_id,
    fileName: row.file_name,
    format: row.format,
    sizeBytes: row.size_bytes,
    sha256: row.sha256,
    points: row.point_count,
    cycles: row.cycle_count,
    skippedRows: row.skipped_rows,
    metadata: JSON.parse(row.metadata) as Record<string, string>,
    capacitySource: row.capacity_source as CapacitySource | null,
    cellId: row.cell_id,
    cellPosition: row.cell_position,
    uploadedBy: row.uploaded_by,
    createdAt: new Date(row.created_at).toISOString(),
  };
}

/**
 * The files every data query may read: an import's file is invisible until the one short
 * transaction that completes it, and a file being deleted is invisible from its first step.
 */
export function completeFileIds(db: Kysely<Database>, experimentId: number) {
  return db
    .selectFrom('data_file')
    .select('data_file.id')
    .where('data_file.experiment_id', '=', experimentId)
    .where('data_file.status', '=', 'complete');
}

/**
 * The row an import starts with, `storing` (invisible); counts and format are filled in by
 * `completeDataFile`.
 */
export async function createDataFile(
  db: Kysely<Database>,
  input: {
    experimentId: number;
    fileName: string;
    sizeBytes: number;
    sha256: string;
    uploadedBy: number | null;
    now: number;
    /** The file's cell and its place there (issue 20). */
    cell: { id: number; position: number };
    /** The version this upload replaces (`?replaces=`), retired when this one is published. */
    replaces?: number | null;
  },
): Promise<number> {
  const row = await db
    .insertInto('data_file')
    .values({
      experiment_id: input.experimentId,
      file_name: input.fileName,
      format: '',
      size_bytes: input.sizeBytes,
      sha256: input.sha256,
      chunk_count: 0,
      point_count: 0,
      cycle_count: 0,
      skipped_rows: 0,
      metadata: '{}',
      uploaded_by: input.uploadedBy,
      created_at: input.now,
      status: 'storing',
      cell_id: input.cell.id,
      cell_position: input.cell.position,
      replaces: input.replaces ?? null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/**
 * Makes an imported file visible. Only from `stored`: a file deleted (or hidden for deletion)
 * while its import ran stays gone, and the caller's transaction rolls back.
 */
export async function completeDataFile(
  db: Kysely<Database>,
  fileId: number,
  values: {
    format: string;
    points: number;
    cycles: number;
    skippedRows: number;
    metadata: Record<string, string>;
    capacitySource: CapacitySource;
  },
): Promise<void> {
  const result = await db
    .updateTable('data_file')
    .set({
      format: values.format,
      point_count: values.points,
      cycle_count: values.cycles,
      skipped_rows: values.skippedRows,
      metadata: JSON.stringify(values.metadata),
      status: 'complete',
      capacity_source: values.capacitySource,
    })
    .where('id', '=', fileId)
    .where('status', '=', 'stored')
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) !== 1) throw new FileGoneError(fileId);
}

/** The file an import was writing has been deleted (with its experiment, or on its own). */
export class FileGoneError extends Error {
  constructor(fileId: number) {
    super(`file ${fileId} was deleted while it was being imported`);
    this.name = 'FileGoneError';
  }
}

/** The experiment's files in upload order. The caller has decided that the experiment is visible. */
export async function findDataFiles(db: Kysely<Database>, experimentId: number): Promise<DataFileItem[]> {
  const rows = await db
    .selectFrom('data_file')
    .selectAll()
    .where('experiment_id', '=', experimentId)
    .where('status', '=', 'complete')
    .orderBy('id')
    .execute();
  return rows.map(toItem);
}

/** One file of one experiment, or null (a file id of another experiment is not found either). */
export async function getDataFile(
  db: Kysely<Database>,
  experimentId: number,
  fileId: number,
): Promise<DataFileItem | null> {
  const row = await db
    .selectFrom('data_file')
    .selectAll()
    .where('experiment_id', '=', experimentId)
    .where('id', '=', fileId)
    .where('status', '=', 'complete')
    .executeTakeFirst();
  return row ? toItem(row) : null;
}
