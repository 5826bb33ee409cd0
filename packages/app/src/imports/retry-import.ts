import { AuthzError } from '@batterydb/authz';
import { createReadStream } from 'node:fs';
import type { Kysely } from 'kysely';
import type { SavedColumnMapping } from '../cycler/mapping/user-mapping.ts';
import type { Connection } from '../db/connect.ts';
import type { Database } from '../db/schema.ts';
import { readFileBytes } from '../measurements/file-bytes.ts';
import { purgeSamples } from '../measurements/purge-file.ts';
import { failImport } from './import-failure.ts';
import { ImportProgress } from './import-progress.ts';
import { getImportRecord } from './import-records.ts';
import { type ImportedFile, importSamples } from './import-samples.ts';
import type { ImportResult } from './run-import.ts';
import { RUNNER_ID } from './runner-id.ts';
import { startRunning } from './running-imports.ts';
import { afterImport } from './with-sample-sink.ts';
import { type SpooledUpload, spoolUpload } from './spool-upload.ts';

/**
 * Runs a failed import again from the file it kept (SPEC §6: "the user can retry"), with the
 * same record: samples, cycles, then one short transaction that makes the file visible. Only
 * a failed import whose file was stored in full can be retried: a broken file would fail the
 * same way, and a cut upload has nothing to retry from. The caller decided the permission.
 */
export async function retryImport(
  connection: Connection,
  importId: number,
  options: {
    onPublish?: (db: Kysely<Database>, file: ImportedFile) => Promise<void>;
    /** Read the kept file with this mapping (a file in no known layout, mapped since). */
    columnMapping?: SavedColumnMapping;
  } = {},
): Promise<ImportResult> {
  const { db } = connection;
  const file = await claimForRetry(db, importId);
  const run = startRunning(importId, {
    status: 'importing',
    bytesReceived: file.sizeBytes,
    bytesParsed: 0,
    rows: 0,
    points: 0,
    format: null,
  });
  const progress = new ImportProgress(db, importId, run);
  const target = { importId, experimentId: file.experimentId, fileId: file.fileId };
  let copy: SpooledUpload | null = null;
  try {
    // Normally nothing: whoever failed the import removed its samples; this makes sure.
    await purgeSamples(db, target);
    // A copy on local disk, as an upload has: ZIP containers are read from it by offset.
    copy = await spoolUpload(readFileBytes(db, file.fileId), {
      maxBytes: Number.MAX_SAFE_INTEGER,
      signal: run.controller.signal,
    });
    const source = createReadStream(copy.path, { highWaterMark: 256 * 1024 });
    let imported: ImportedFile;
    try {
      imported = await importSamples(connection, target, source as AsyncIterable<Buffer>, {
        file: copy.path,
        progress,
        signal: run.controller.signal,
        ...(options.onPublish ? { onPublish: options.onPublish } : {}),
        ...(options.columnMapping ? { columnMapping: options.columnMapping } : {}),
      });
    } finally {
      source.destroy();
    }
    await afterImport(connection, imported.points).catch(() => undefined);
    return { ok: true, importId, file: imported };
  } catch (error) {
    return {
      ok: false,
      importId,
      error: await failImport(db, { ...target, counters: progress.counters }, error),
    };
  } finally {
    progress.end();
    run.end();
    await copy?.remove();
  }
}

/**
 * Takes a failed import back to `importing` as this process's, in one conditional update, so
 * that two retries (or a retry and a delete) cannot both win.
 */
async function claimForRetry(db: Kysely<Database>, importId: number) {
  const now = Date.now();
  const claimed = await db
    .updateTable('data_import')
    .set({
      status: 'importing',
      runner: RUNNER_ID,
      error: null,
      error_reason: null,
      error_line: null,
      error_column: null,
      bytes_parsed: 0,
      row_count: 0,
      point_count: 0,
      cycle_count: 0,
      updated_at: now,
      finished_at: null,
    })
    .where('id', '=', importId)
    .where('status', '=', 'failed')
    .where('file_id', 'in', db.selectFrom('data_file').select('id').where('status', '=', 'stored'))
    .returning(['experiment_id', 'file_id'])
    .executeTakeFirst();
  if (claimed?.file_id == null) throw await whyNotRetryable(db, importId);
  const file = await db
    .selectFrom('data_file')
    .select('size_bytes')
    .where('id', '=', claimed.file_id)
    .executeTakeFirstOrThrow();
  return { experimentId: claimed.experiment_id, fileId: claimed.file_id, sizeBytes: file.size_bytes };
}

async function whyNotRetryable(db: Kysely<Database>, importId: number): Promise<AuthzError> {
  const record = await getImportRecord(db, importId);
  if (!record) return new AuthzError('NOT_FOUND', `import ${importId} was not found`, 'id');
  if (record.status === 'done')
    return new AuthzError('CONFLICT', `import ${importId} is done: there is nothing to retry`, 'id');
  if (record.status !== 'failed')
    return new AuthzError('CONFLICT', `import ${importId} is still running`, 'id');
  return new AuthzError(
    'CONFLICT',
    `import ${importId} cannot be retried: its file was not kept (${record.error?.reason ?? 'failed'}). ` +
      'Upload the file again.',
    'id',
  );
}
