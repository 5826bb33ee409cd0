import type { Kysely } from 'kysely';
import type { CapacitySource } from '../cycler/index.ts';
import type { Database, DataFileStatus, DataImportTable, ImportStatus } from '../db/schema.ts';
import { ImportTakenOverError } from './import-errors.ts';
import { RUNNER_ID } from './runner-id.ts';

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
  /** The stored file, once the import is done. */
  fileId: number | null;
  /** Failed, and its file was kept in full: `POST /api/imports/:id/retry` runs it again. */
  retryable: boolean;
  /** Where the per-cycle capacities came from (null until done, and for older imports). */
  capacitySource: CapacitySource | null;
  error: ImportFailure | null;
  createdAt: string;
  updatedAt: string;
  finishedAt: string | null;
}

type ImportRow = Omit<DataImportTable, 'id'> & { id: number; file_status: DataFileStatus | null };

/** Unfinished: the process in `runner` is (or was) working on it. */
export const UNFINISHED: readonly ImportStatus[] = ['receiving', 'importing'];

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
    fileId: row.status === 'done' ? row.file_id : null,
    retryable: row.status === 'failed' && row.file_status === 'stored',
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

function selectImports(db: Kysely<Database>) {
  return db
    .selectFrom('data_import')
    .leftJoin('data_file', 'data_file.id', 'data_import.file_id')
    .selectAll('data_import')
    .select('data_file.status as file_status');
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
      runner: RUNNER_ID,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** The record's counters; an update of an import this process runs (else nothing changes). */
function countersOf(counters: ImportCounters) {
  return {
    format: counters.format,
    bytes_received: counters.bytesReceived,
    bytes_parsed: counters.bytesParsed,
    row_count: counters.rows,
    point_count: counters.points,
  };
}

/**
 * Progress (and the heartbeat that says this process is still at it). Fenced: only while the
 * import is unfinished and still this process's; false when another process took it over.
 */
export async function saveImportProgress(
  db: Kysely<Database>,
  id: number,
  status: ImportStatus,
  counters: ImportCounters,
  now: number,
): Promise<boolean> {
  const result = await db
    .updateTable('data_import')
    .set({ status, ...countersOf(counters), updated_at: now })
    .where('id', '=', id)
    .where('runner', '=', RUNNER_ID)
    .where('status', 'in', UNFINISHED)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Links the import to the file row it is writing (in the transaction that creates the row). */
export async function attachFile(db: Kysely<Database>, id: number, fileId: number): Promise<void> {
  await db.updateTable('data_import').set({ file_id: fileId }).where('id', '=', id).execute();
}

/** In the transaction that makes the file visible: the record says `done` exactly then. */
export async function finishImportRecord(
  db: Kysely<Database>,
  id: number,
  outcome: { counters: ImportCounters; cycles: number; capacitySource: CapacitySource },
  now: number,
): Promise<void> {
  const result = await db
    .updateTable('data_import')
    .set({
      status: 'done',
      ...countersOf(outcome.counters),
      cycle_count: outcome.cycles,
      capacity_source: outcome.capacitySource,
      runner: null,
      updated_at: now,
      finished_at: now,
    })
    .where('id', '=', id)
    .where('runner', '=', RUNNER_ID)
    .where('status', '=', 'importing')
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) !== 1) throw new ImportTakenOverError(id);
}

/**
 * Marks an unfinished import `failed`. `keepFile`: its file stays linked (stored in full, so the
 * import can be retried); otherwise the link is dropped (the file is being deleted). Fenced like
 * progress: `runner` is the process that owns the record now (this one, or the one recovering it).
 */
export async function failImportRecord(
  db: Kysely<Database>,
  id: number,
  outcome: { counters?: ImportCounters; failure: ImportFailure; keepFile: boolean },
  now: number,
  runner = RUNNER_ID,
): Promise<void> {
  await db
    .updateTable('data_import')
    .set({
      status: 'failed',
      ...(outcome.counters ? countersOf(outcome.counters) : {}),
      ...(outcome.keepFile ? {} : { file_id: null }),
      // A failed import stored no samples: its counters say how far it got, not what is kept.
      error: outcome.failure.detail.slice(0, 2000),
      error_reason: outcome.failure.reason,
      error_line: outcome.failure.line,
      error_column: outcome.failure.column?.slice(0, 200) ?? null,
      runner: null,
      updated_at: now,
      finished_at: now,
    })
    .where('id', '=', id)
    .where('runner', '=', runner)
    .where('status', 'in', UNFINISHED)
    .execute();
}

export async function getImportRecord(db: Kysely<Database>, id: number): Promise<ImportItem | null> {
  const row = await selectImports(db).where('data_import.id', '=', id).executeTakeFirst();
  return row ? toImportItem(row) : null;
}

/** The experiment's most recent upload attempts, newest first. */
export async function findImportRecords(
  db: Kysely<Database>,
  experimentId: number,
  limit = 50,
): Promise<ImportItem[]> {
  const rows = await selectImports(db)
    .where('data_import.experiment_id', '=', experimentId)
    .orderBy('data_import.id', 'desc')
    .limit(limit)
    .execute();
  return rows.map(toImportItem);
}
