import type { Kysely } from 'kysely';
import type { CapacitySource } from '../cycler/index.ts';
import type { Database, DataImportTable, ImportStatus } from '../db/schema.ts';

/** The progress counters of an import, as the pipeline reports them. */
export interface ImportCounters {
  bytesReceived: number;
  bytesParsed: number;
  rows: number;
  points: number;
  format: string | null;
}

/** Why an import failed, for the scientist who uploaded the file. */
export interface ImportFailure {
  detail: string;
  reason: string;
  line: number | null;
  column: string | null;
}

/** An upload attempt as the API shows it. */
export interface ImportItem extends ImportCounters {
  id: number;
  experimentId: number;
  userId: number | null;
  fileName: string;
  status: ImportStatus;
  cycles: number;
  fileId: number | null;
  /** Where the per-cycle capacities came from (null until done, and for older imports). */
  capacitySource: CapacitySource | null;
  error: ImportFailure | null;
  createdAt: string;
  updatedAt: string;
  finishedAt: string | null;
}

type ImportRow = Omit<DataImportTable, 'id'> & { id: number };

export function toImportItem(row: ImportRow): ImportItem {
  return {
    id: row.id,
    experimentId: row.experiment_id,
    userId: row.user_id,
    fileName: row.file_name,
    status: row.status,
    format: row.format,
    bytesReceived: row.bytes_received,
    bytesParsed: row.bytes_parsed,
    rows: row.row_count,
    points: row.point_count,
    cycles: row.cycle_count,
    fileId: row.file_id,
    capacitySource: row.capacity_source as CapacitySource | null,
    error:
      row.error === null
        ? null
        : {
            detail: row.error,
            reason: row.error_reason ?? 'error',
            line: row.error_line,
            column: row.error_column,
          },
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
    finishedAt: row.finished_at === null ? null : new Date(row.finished_at).toISOString(),
  };
}

export async function createImportRecord(
  db: Kysely<Database>,
  input: { experimentId: number; userId: number | null; fileName: string; now: number },
): Promise<number> {
  const row = await db
    .insertInto('data_import')
    .values({
      experiment_id: input.experimentId,
      user_id: input.userId,
      file_name: input.fileName,
      status: 'receiving',
      bytes_received: 0,
      bytes_parsed: 0,
      row_count: 0,
      point_count: 0,
      cycle_count: 0,
      created_at: input.now,
      updated_at: input.now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function saveImportProgress(
  db: Kysely<Database>,
  id: number,
  status: ImportStatus,
  counters: ImportCounters,
  now: number,
): Promise<void> {
  await db
    .updateTable('data_import')
    .set({
      status,
      format: counters.format,
      bytes_received: counters.bytesReceived,
      bytes_parsed: counters.bytesParsed,
      row_count: counters.rows,
      point_count: counters.points,
      updated_at: now,
    })
    .where('id', '=', id)
    .execute();
}

export async function finishImportRecord(
  db: Kysely<Database>,
  id: number,
  outcome:
    | {
        status: 'done';
        counters: ImportCounters;
        fileId: number;
        cycles: number;
        capacitySource: CapacitySource;
      }
    | { status: 'failed'; counters: ImportCounters; failure: ImportFailure },
  now: number,
): Promise<void> {
  const { counters } = outcome;
  await db
    .updateTable('data_import')
    .set({
      status: outcome.status,
      format: counters.format,
      bytes_received: counters.bytesReceived,
      bytes_parsed: counters.bytesParsed,
      row_count: counters.rows,
      point_count: counters.points,
      ...(outcome.status === 'done'
        ? { file_id: outcome.fileId, cycle_count: outcome.cycles, capacity_source: outcome.capacitySource }
        : {
            // A failed import stored no samples: its counters say how far it got, not what is kept.
            error: outcome.failure.detail.slice(0, 2000),
            error_reason: outcome.failure.reason,
            error_line: outcome.failure.line,
            error_column: outcome.failure.column?.slice(0, 200) ?? null,
          }),
      updated_at: now,
      finished_at: now,
    })
    .where('id', '=', id)
    .execute();
}

export async function getImportRecord(db: Kysely<Database>, id: number): Promise<ImportItem | null> {
  const row = await db.selectFrom('data_import').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toImportItem(row) : null;
}

/** The experiment's most recent upload attempts, newest first. */
export async function findImportRecords(
  db: Kysely<Database>,
  experimentId: number,
  limit = 50,
): Promise<ImportItem[]> {
  const rows = await db
    .selectFrom('data_import')
    .selectAll()
    .where('experiment_id', '=', experimentId)
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return rows.map(toImportItem);
}
