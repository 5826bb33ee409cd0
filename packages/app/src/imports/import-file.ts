import { createReadStream } from 'node:fs';
import { AuthzError, dialectOf } from '@batterydb/authz';
import type { Kysely } from 'kysely';
import {
  CycleSummaryBuilder,
  CyclerParseError,
  parseCyclerFile,
  type CapacitySource,
  type CycleSummary,
  type ParsedCyclerFile,
} from '../cycler/index.ts';
import type { Database } from '../db/schema.ts';
import { completeDataFile, createDataFile } from '../measurements/data-files.ts';
import { FILE_CHUNK_BYTES, storeFileBytes } from '../measurements/file-bytes.ts';
import { insertCycles } from '../measurements/insert-cycles.ts';
import type { ImportSession } from './import-session.ts';
import type { SpooledUpload } from './spool-upload.ts';

export interface ImportTarget {
  experimentId: number;
  userId: number | null;
  fileName: string;
}

export interface ParseProgressReport {
  format: string;
  bytesParsed: number;
  rows: number;
  points: number;
}

export interface ImportedFile {
  fileId: number;
  format: string;
  rows: number;
  points: number;
  cycles: number;
  skippedRows: number;
  capacitySource: CapacitySource;
}

/** Reading the spooled file: larger pieces than the network's, fewer iterations. */
const READ_CHUNK_BYTES = 256 * 1024;

/**
 * Inside the import's transaction: the file row, every sample (batch by batch, as the parser
 * yields them), the per-cycle summary, and the original bytes. Any error — a `CyclerParseError`
 * at row 5,000 included — propagates and the caller's transaction stores nothing.
 */
export async function importSpooledFile(
  session: ImportSession,
  target: ImportTarget,
  spooled: SpooledUpload,
  onProgress: (progress: ParseProgressReport) => Promise<void>,
): Promise<ImportedFile> {
  const { db } = session;
  await holdExperiment(db, target.experimentId);
  const fileId = await createDataFile(db, {
    experimentId: target.experimentId,
    fileName: target.fileName,
    sizeBytes: spooled.sizeBytes,
    sha256: spooled.sha256,
    uploadedBy: target.userId,
    now: Date.now(),
  });
  const source = createReadStream(spooled.path, { highWaterMark: READ_CHUNK_BYTES });
  try {
    return await parseAndStore(
      session,
      { experimentId: target.experimentId, fileId },
      source,
      spooled,
      onProgress,
    );
  } finally {
    // Also when the parser gave up after the first bytes: the file descriptor is released now.
    source.destroy();
  }
}

async function parseAndStore(
  session: ImportSession,
  key: { experimentId: number; fileId: number },
  source: AsyncIterable<Buffer>,
  spooled: SpooledUpload,
  onProgress: (progress: ParseProgressReport) => Promise<void>,
): Promise<ImportedFile> {
  const { db } = session;
  const { fileId } = key;
  // The spooled copy lets ZIP containers (.xlsx, .ndax) be read by offset instead of buffered.
  const parsed = await parseCyclerFile(source, { file: spooled.path });
  let points = 0;
  let cycles: CycleSummary[];
  // A per-cycle summary file states the cycler's own figures.
  let capacitySource: CapacitySource = 'cycler';
  const report = () =>
    onProgress({ format: parsed.format, bytesParsed: parsed.stats.bytes, rows: parsed.stats.rows, points });

  if (parsed.kind === 'time-series') {
    const builder = new CycleSummaryBuilder();
    // One batch in flight: the parser reads the next batch while the database stores this one
    // (PostgreSQL works in its own process, so the two overlap; SQLite simply runs in turn).
    let writing: Promise<void> | null = null;
    try {
      for await (const batch of parsed.batches) {
        if (writing !== null) await writing;
        writing = session.points.write({ ...key, firstSeq: points + 1 }, batch);
        // Handled here so a failing write is never an unhandled rejection while the parser runs.
        writing.catch(() => undefined);
        builder.add(batch);
        points += batch.length;
        await report();
      }
      if (writing !== null) await writing;
    } finally {
      // A parse error leaves the last write to finish before the transaction is rolled back.
      await writing?.catch(() => undefined);
    }
    if (points === 0) throw noSamples(parsed);
    cycles = builder.finish();
    capacitySource = builder.capacitySource;
  } else {
    cycles = [];
    for await (const batch of parsed.summaries) {
      cycles.push(...batch);
      await report();
    }
  }
  await insertCycles(db, key, cycles);
  const chunkCount = await storeFileBytes(
    db,
    fileId,
    createReadStream(spooled.path, { highWaterMark: FILE_CHUNK_BYTES }) as AsyncIterable<Buffer>,
  );
  await completeDataFile(db, fileId, {
    format: parsed.format,
    chunkCount,
    points,
    cycles: cycles.length,
    skippedRows: parsed.stats.skippedRows,
    metadata: parsed.metadata,
    capacitySource,
  });
  await report();
  return {
    fileId,
    format: parsed.format,
    rows: parsed.stats.rows,
    points,
    cycles: cycles.length,
    skippedRows: parsed.stats.skippedRows,
    capacitySource,
  };
}

/**
 * The experiment must still exist when the import writes (it was checked before the upload,
 * which may have taken minutes). On PostgreSQL `FOR KEY SHARE` also keeps it from being
 * deleted until the import commits, while ordinary edits (title, status) go on.
 */
async function holdExperiment(db: Kysely<Database>, experimentId: number): Promise<void> {
  let query = db.selectFrom('experiment').select('id').where('id', '=', experimentId);
  if (dialectOf(db) === 'postgres') query = query.forKeyShare();
  if (!(await query.executeTakeFirst()))
    throw new AuthzError('NOT_FOUND', `experiment ${experimentId} was not found`, 'id');
}

function noSamples(parsed: ParsedCyclerFile): CyclerParseError {
  return new CyclerParseError(
    `This ${parsed.format} file has ${parsed.stats.rows} data rows, but none of them is a cycling ` +
      `sample (${parsed.stats.skippedRows} were skipped, e.g. impedance rows): there is nothing to plot.`,
    { reason: 'no-data' },
  );
}
