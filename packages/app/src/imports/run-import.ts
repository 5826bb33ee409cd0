import { createReadStream } from 'node:fs';
import type { Kysely } from 'kysely';
import type { SavedColumnMapping } from '../cycler/mapping/user-mapping.ts';
import type { Connection } from '../db/connect.ts';
import type { Database } from '../db/schema.ts';
import { failImport, type UploadProblem } from './import-failure.ts';
import { ImportProgress } from './import-progress.ts';
import { createImportRecord } from './import-records.ts';
import { type ImportedFile, importSamples } from './import-samples.ts';
import { startRunning } from './running-imports.ts';
import { afterImport } from './with-sample-sink.ts';
import { spoolUpload, type SpooledUpload } from './spool-upload.ts';
import { createFileRow, storeBytes } from './store-upload.ts';
import { removeIfEmpty } from '../cells/change-cells.ts';

export type { UploadProblem } from './import-failure.ts';
export type { ImportedFile } from './import-samples.ts';

export interface ImportTarget {
  experimentId: number;
  userId: number | null;
  fileName: string;
  /** The cell the file goes into; absent or null: a new cell named after the file. */
  cellId?: number | null;
}

export interface ImportRequest extends ImportTarget {
  input: AsyncIterable<Buffer | Uint8Array>;
  maxBytes: number;
  /** True when the source cut the upload at its own limit (multipart's `truncated`). */
  truncated?: () => boolean;
  /** Store the file even when the experiment already has the same bytes (SPEC §6). */
  allowDuplicate?: boolean;
  /** Read the file with this saved column mapping (the upload named it). */
  columnMapping?: SavedColumnMapping;
  /**
   * The version this file replaces (`?replaces=`, checked by the caller): retired in the
   * transaction that publishes this one, whether that is this import or a later retry.
   */
  replaces?: number | null;
  /** Runs in the transaction that makes the file visible (e.g. the upload's audit entry). */
  onPublish?: (db: Kysely<Database>, file: ImportedFile) => Promise<void>;
}

/** Bad input is an expected outcome, returned; only faults (the database, the disk) throw. */
export type ImportResult =
  { ok: true; importId: number; file: ImportedFile } | { ok: false; importId: number; error: UploadProblem };

/** Reading the spooled file: larger pieces than the network's, fewer iterations. */
const READ_CHUNK_BYTES = 256 * 1024;

/**
 * The import pipeline, for the HTTP route, the demo command and the benchmark alike:
 * 1. an import record (`receiving`, this process as its runner), so progress can be followed;
 * 2. the bytes are spooled to a temporary file (size limit, SHA-256): no database write waits
 *    for the network;
 * 3. `importing`: the file row (refused when the experiment has the same bytes), then its
 *    original bytes — from here on the import can be retried;
 * 4. samples and cycles, invisible, then one short transaction makes the file visible and the
 *    record `done` (import-samples.ts);
 * 5. on failure the record says why, and nothing of the upload is visible (import-failure.ts).
 * Every write is short (SPEC §7). The caller has checked that the user may change the experiment.
 */
export async function runImport(connection: Connection, request: ImportRequest): Promise<ImportResult> {
  const { db } = connection;
  const importId = await createImportRecord(db, {
    experimentId: request.experimentId,
    userId: request.userId,
    fileName: request.fileName,
    now: Date.now(),
  });
  const run = startRunning(importId, {
    status: 'receiving',
    bytesReceived: 0,
    bytesParsed: 0,
    rows: 0,
    points: 0,
    format: null,
  });
  const progress = new ImportProgress(db, importId, run);
  const { signal } = run.controller;
  let spooled: SpooledUpload | null = null;
  let fileId: number | null = null;
  let newCell: number | null = null;
  try {
    spooled = await spoolUpload(request.input, {
      maxBytes: request.maxBytes,
      signal,
      ...(request.truncated ? { truncated: request.truncated } : {}),
      onBytes: (bytesReceived) => progress.report({ bytesReceived }),
    });
    await progress.report({ status: 'importing', bytesReceived: spooled.sizeBytes }, { save: true });
    const row = await createFileRow(
      db,
      {
        ...request,
        importId,
        cellId: request.cellId ?? null,
        allowDuplicate: request.allowDuplicate ?? false,
      },
      spooled,
    );
    fileId = row.fileId;
    if (row.newCell) newCell = row.cellId;
    await storeBytes(db, fileId, spooled, signal);
    const source = createReadStream(spooled.path, { highWaterMark: READ_CHUNK_BYTES });
    let file: ImportedFile;
    try {
      file = await importSamples(
        connection,
        { importId, experimentId: request.experimentId, fileId },
        source as AsyncIterable<Buffer>,
        {
          file: spooled.path,
          progress,
          signal,
          ...(request.onPublish ? { onPublish: request.onPublish } : {}),
          ...(request.columnMapping ? { columnMapping: request.columnMapping } : {}),
        },
      );
    } finally {
      // Also when the parser gave up after the first bytes: the file descriptor is released now.
      source.destroy();
    }
    // Best effort: the data is committed whatever happens to the statistics upkeep.
    await afterImport(connection, file.points).catch(() => undefined);
    return { ok: true, importId, file };
  } catch (error) {
    const state = { importId, experimentId: request.experimentId, fileId, counters: progress.counters };
    const problem = await failImport(db, state, error);
    // The cell this upload made goes with its file when nothing was kept (issue 20).
    if (newCell !== null) await removeIfEmpty(db, newCell);
    return { ok: false, importId, error: problem };
  } finally {
    progress.end();
    run.end();
    await spooled?.remove();
  }
}
