import { createReadStream } from 'node:fs';
import { AuthzError, dialectOf } from '@batterydb/authz';
import { type Kysely, sql } from 'kysely';
import { cellForUpload } from '../cells/change-cells.ts';
import type { Database } from '../db/schema.ts';
import { createDataFile, FileGoneError } from '../measurements/data-files.ts';
import { FILE_CHUNK_BYTES, storeFileBytes } from '../measurements/file-bytes.ts';
import { DuplicateFileError } from './import-errors.ts';
import { attachFile } from './import-records.ts';
import type { SpooledUpload } from './spool-upload.ts';

export interface StoreRequest {
  importId: number;
  experimentId: number;
  userId: number | null;
  fileName: string;
  /** The cell the file goes into; null: a new cell named after the file (issue 20). */
  cellId: number | null;
  /** Store the bytes even when the experiment has them already (`?duplicate=allow`). */
  allowDuplicate: boolean;
  /** The version this upload replaces (`?replaces=`): kept on the row, retired on publishing. */
  replaces?: number | null;
}

/** Namespace of the PostgreSQL advisory lock that serialises "same bytes?" per experiment. */
const DUPLICATE_CHECK_LOCK = 13_001;

/**
 * The upload's original bytes into its (invisible) file row. Once this returns the file is
 * `stored`: whatever happens to the import from here on, it can be retried from these bytes.
 * Each statement is short (one ≤ 1 MiB piece), so nobody waits for the whole file to go in.
 */
export async function storeBytes(
  db: Kysely<Database>,
  fileId: number,
  spooled: SpooledUpload,
  signal: AbortSignal,
): Promise<void> {
  const chunkCount = await storeFileBytes(
    db,
    fileId,
    createReadStream(spooled.path, { highWaterMark: FILE_CHUNK_BYTES }) as AsyncIterable<Buffer>,
    signal,
  );
  const stored = await db
    .updateTable('data_file')
    .set({ status: 'stored', chunk_count: chunkCount })
    .where('id', '=', fileId)
    .where('status', '=', 'storing')
    .executeTakeFirst();
  if (Number(stored.numUpdatedRows) !== 1) throw new FileGoneError(fileId);
}

/**
 * The upload's file row (`storing`: invisible), in one short transaction with the checks it depends on: the experiment still
 * exists (the upload may have taken minutes), and — unless allowed — it has no file with the
 * same SHA-256 yet (SPEC §6; the same file twice would count its cycles twice). On PostgreSQL
 * an advisory lock per experiment makes two simultaneous uploads of the same bytes take turns;
 * SQLite's single writer does that by itself.
 */
export async function createFileRow(
  db: Kysely<Database>,
  request: StoreRequest,
  spooled: SpooledUpload,
): Promise<{ fileId: number; cellId: number; newCell: boolean }> {
  return db.transaction().execute(async (trx) => {
    if (dialectOf(trx) === 'postgres')
      await sql`select pg_advisory_xact_lock(${DUPLICATE_CHECK_LOCK}, ${request.experimentId})`.execute(trx);
    const experiment = await trx
      .selectFrom('experiment')
      .select('id')
      .where('id', '=', request.experimentId)
      .executeTakeFirst();
    if (!experiment)
      throw new AuthzError('NOT_FOUND', `experiment ${request.experimentId} was not found`, 'id');
    if (!request.allowDuplicate) await refuseDuplicate(trx, request.experimentId, spooled.sha256);
    const now = Date.now();
    const cell = await cellForUpload(trx, request.experimentId, request.cellId, request.fileName, now);
    const fileId = await createDataFile(trx, {
      experimentId: request.experimentId,
      fileName: request.fileName,
      sizeBytes: spooled.sizeBytes,
      sha256: spooled.sha256,
      uploadedBy: request.userId,
      now,
      cell: { id: cell.cellId, position: cell.position },
      replaces: request.replaces ?? null,
    });
    await attachFile(trx, request.importId, fileId);
    return { fileId, cellId: cell.cellId, newCell: cell.created };
  });
}

async function refuseDuplicate(db: Kysely<Database>, experimentId: number, sha256: string): Promise<void> {
  const same = await db
    .selectFrom('data_file')
    .leftJoin('data_import', 'data_import.file_id', 'data_file.id')
    .select(['data_file.id', 'data_file.file_name', 'data_file.status', 'data_import.id as import_id'])
    .where('data_file.experiment_id', '=', experimentId)
    .where('data_file.sha256', '=', sha256)
    .where('data_file.status', '!=', 'deleting')
    .orderBy('data_file.id')
    .executeTakeFirst();
  if (!same) return;
  if (same.status === 'complete' || same.import_id === null)
    throw new DuplicateFileError({ fileId: same.id, fileName: same.file_name });
  throw new DuplicateFileError({ importId: same.import_id, fileName: same.file_name });
}
