import { CyclerParseError } from '../cycler/index.ts';
import type { Connection } from '../db/connect.ts';
import { importSpooledFile, type ImportedFile, type ImportTarget } from './import-file.ts';
import { ImportProgress } from './import-progress.ts';
import { createImportRecord, finishImportRecord, type ImportFailure } from './import-records.ts';
import { importRunner } from './import-session.ts';
import { spoolUpload, type SpooledUpload } from './spool-upload.ts';
import { UploadFormError, UploadInterruptedError, UploadTooLargeError } from './upload-errors.ts';
import type { ImportSession } from './import-session.ts';

export interface ImportRequest extends ImportTarget {
  input: AsyncIterable<Buffer | Uint8Array>;
  maxBytes: number;
  /** True when the source cut the upload at its own limit (multipart's `truncated`). */
  truncated?: () => boolean;
  /** Runs in the import's transaction once the file is stored (the upload's audit entry). */
  onStored?: (session: ImportSession, file: ImportedFile) => Promise<void>;
}

/** Bad input is an expected outcome, returned; only faults (the database, the disk) throw. */
export type ImportResult =
  { ok: true; importId: number; file: ImportedFile } | { ok: false; importId: number; error: UploadProblem };

export type UploadProblem = CyclerParseError | UploadTooLargeError | UploadInterruptedError | UploadFormError;

/**
 * The import pipeline, for the HTTP route, the demo command and the benchmark alike:
 * 1. an import record (`receiving`), written at once so progress can be followed;
 * 2. the bytes are spooled to a temporary file (size limit, SHA-256);
 * 3. `importing`: detection, parsing and every write in ONE transaction;
 * 4. the record says `done` — or `failed` with the reason, line and column, and nothing else
 *    of the upload is stored.
 * The caller has checked that the user may change the experiment.
 */
export async function runImport(connection: Connection, request: ImportRequest): Promise<ImportResult> {
  const runner = importRunner(connection);
  const importId = await runner.record((db) =>
    createImportRecord(db, {
      experimentId: request.experimentId,
      userId: request.userId,
      fileName: request.fileName,
      now: Date.now(),
    }),
  );
  // Progress goes to the record while the import runs only on PostgreSQL (SQLite: memory).
  const progress = new ImportProgress(connection.db, importId, {
    persist: connection.config.dialect === 'postgres',
  });
  let spooled: SpooledUpload | null = null;
  try {
    spooled = await spoolUpload(request.input, {
      maxBytes: request.maxBytes,
      ...(request.truncated ? { truncated: request.truncated } : {}),
      onBytes: (bytesReceived) => progress.report({ bytesReceived }),
    });
    await progress.report({ status: 'importing', bytesReceived: spooled.sizeBytes }, { save: true });
    const upload = spooled;
    const file = await runner.transaction(async (session) => {
      const imported = await importSpooledFile(session, request, upload, (p) => progress.report(p));
      // In the same transaction: the record says `done` exactly when the data is there.
      await finishImportRecord(
        session.db,
        importId,
        { status: 'done', counters: progress.counters, fileId: imported.fileId, cycles: imported.cycles },
        Date.now(),
      );
      await request.onStored?.(session, imported);
      return imported;
    });
    // Best effort: the data is committed whatever happens to the statistics upkeep.
    await runner.afterImport(file.points).catch(() => undefined);
    return { ok: true, importId, file };
  } catch (error) {
    const failure = failureOf(error);
    await runner.record((db) =>
      finishImportRecord(
        db,
        importId,
        { status: 'failed', counters: progress.counters, failure },
        Date.now(),
      ),
    );
    if (
      error instanceof CyclerParseError ||
      error instanceof UploadTooLargeError ||
      error instanceof UploadInterruptedError ||
      error instanceof UploadFormError
    )
      return { ok: false, importId, error };
    throw error;
  } finally {
    progress.end();
    await spooled?.remove();
  }
}

function failureOf(error: unknown): ImportFailure {
  if (error instanceof CyclerParseError)
    return {
      detail: error.message,
      reason: error.reason,
      line: error.line ?? null,
      column: error.column ?? null,
    };
  if (error instanceof UploadTooLargeError)
    return { detail: error.message, reason: 'too-large', line: null, column: null };
  if (error instanceof UploadInterruptedError)
    return { detail: error.message, reason: 'interrupted', line: null, column: null };
  if (error instanceof UploadFormError)
    return { detail: error.message, reason: 'bad-form', line: null, column: null };
  return {
    detail: 'The server could not store the file; nothing was kept. Try again, or tell the administrator.',
    reason: 'internal',
    line: null,
    column: null,
  };
}
