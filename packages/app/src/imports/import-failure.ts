import { AuthzError } from '@batterydb/authz';
import type { Kysely } from 'kysely';
import { CyclerParseError } from '../cycler/index.ts';
import { isDatabaseUnavailable } from '../db/database-unavailable.ts';
import type { Database } from '../db/schema.ts';
import { FileGoneError } from '../measurements/data-files.ts';
import { hideFiles, purgeFile, purgeSamples } from '../measurements/purge-file.ts';
import { DuplicateFileError, ImportStoppedError, ImportTakenOverError } from './import-errors.ts';
import { failImportRecord, type ImportCounters, type ImportFailure } from './import-records.ts';
import { UploadFormError, UploadInterruptedError, UploadTooLargeError } from './upload-errors.ts';

/** What a caller is told when an import did not happen; bad input, not faults. */
export type UploadProblem =
  | CyclerParseError
  | UploadTooLargeError
  | UploadInterruptedError
  | UploadFormError
  | DuplicateFileError
  | ImportStoppedError;

export interface FailedImport {
  importId: number;
  experimentId: number;
  /** The file row the import created, if it got that far. */
  fileId: number | null;
  counters: ImportCounters;
}

/**
 * After an import failed: remove what it wrote, then say why in its record. The file's bytes
 * stay (the import is retryable) when the fault was not the file's — a shutdown, a database
 * outage — and they were stored in full, or when the file is a table to map; a broken file, a duplicate or a cut upload leaves
 * nothing. Each step is best effort: with the database gone it cannot be done now, and the
 * record stays unfinished until recovery (recover-imports.ts) finds it and finishes the job.
 * Expected outcomes are returned; faults are rethrown for the HTTP edge (503 or 500).
 */
export async function failImport(
  db: Kysely<Database>,
  state: FailedImport,
  error: unknown,
): Promise<UploadProblem> {
  // Someone else owns the record now: touch nothing. The caller hears "stopped, try again".
  if (error instanceof ImportTakenOverError) return new ImportStoppedError();
  const serverSide = error instanceof ImportStoppedError || isFault(error);
  // A table in no known layout is kept too: a column mapping imports it from the same bytes.
  const mappable = error instanceof CyclerParseError && error.reason === 'unknown-layout';
  const kept = (serverSide || mappable) && state.fileId !== null && (await fileIsStored(db, state.fileId));
  await cleanUp(db, state, kept).catch(() => undefined);
  await failImportRecord(
    db,
    state.importId,
    { counters: state.counters, failure: failureOf(error, kept), keepFile: kept },
    Date.now(),
  ).catch(() => undefined);
  if (error instanceof FileGoneError) {
    // Deleted with its experiment — or hidden by a process that took the import over.
    if (await experimentExists(db, state.experimentId)) return new ImportStoppedError();
    throw new AuthzError('NOT_FOUND', `experiment ${state.experimentId} was not found`, 'id');
  }
  if (isFault(error)) throw error;
  return error as UploadProblem;
}

function isFault(error: unknown): boolean {
  return !(
    error instanceof CyclerParseError ||
    error instanceof UploadTooLargeError ||
    error instanceof UploadInterruptedError ||
    error instanceof UploadFormError ||
    error instanceof DuplicateFileError ||
    error instanceof ImportStoppedError ||
    error instanceof FileGoneError ||
    (error instanceof AuthzError && error.code === 'NOT_FOUND')
  );
}

async function experimentExists(db: Kysely<Database>, id: number): Promise<boolean> {
  const row = await db.selectFrom('experiment').select('id').where('id', '=', id).executeTakeFirst();
  return row !== undefined;
}

async function fileIsStored(db: Kysely<Database>, fileId: number): Promise<boolean> {
  const row = await db
    .selectFrom('data_file')
    .select('status')
    .where('id', '=', fileId)
    .executeTakeFirst()
    .catch(() => undefined);
  return row?.status === 'stored';
}

async function cleanUp(db: Kysely<Database>, state: FailedImport, keepFile: boolean): Promise<void> {
  if (state.fileId === null) return;
  const key = { experimentId: state.experimentId, fileId: state.fileId };
  if (keepFile) return purgeSamples(db, key);
  await hideFiles(db, key);
  await purgeFile(db, key);
}

const KEPT = 'Nothing of it is visible; the file is kept: retry the import, or delete it.';
const NOT_KEPT = 'Nothing was kept: upload the file again.';

/** The record's account of a failure, for the scientist who uploaded the file. */
export function failureOf(error: unknown, kept: boolean): ImportFailure {
  const plain = (reason: string, detail: string): ImportFailure => ({
    detail,
    reason,
    line: null,
    column: null,
  });
  if (error instanceof CyclerParseError)
    return {
      detail: error.message,
      reason: error.reason,
      line: error.line ?? null,
      column: error.column ?? null,
    };
  if (error instanceof UploadTooLargeError) return plain('too-large', error.message);
  if (error instanceof UploadInterruptedError) return plain('interrupted', error.message);
  if (error instanceof UploadFormError) return plain('bad-form', error.message);
  if (error instanceof DuplicateFileError) return plain('duplicate', error.message);
  if (error instanceof ImportStoppedError)
    return plain('server-stopped', `The server was shut down during this import. ${kept ? KEPT : NOT_KEPT}`);
  if (isDatabaseUnavailable(error))
    return plain(
      'database-unavailable',
      `The database became unavailable during this import. ${kept ? KEPT : NOT_KEPT}`,
    );
  return plain('internal', `The server could not store the file. ${kept ? KEPT : NOT_KEPT}`);
}

/** What recovery writes into an import whose process is gone. */
export function abandonedFailure(kept: boolean): ImportFailure {
  return {
    detail: `The server stopped (restarted or crashed) during this import. ${kept ? KEPT : NOT_KEPT}`,
    reason: 'server-stopped',
    line: null,
    column: null,
  };
}
