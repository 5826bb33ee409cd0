import {
  CycleSummaryBuilder,
  CyclerParseError,
  parseCyclerFile,
  type CapacitySource,
  type CycleSummary,
  type ParsedCyclerFile,
} from '../cycler/index.ts';
import { mappingForSignature } from '../column-mappings/mapping-store.ts';
import type { SavedColumnMapping } from '../cycler/mapping/user-mapping.ts';
import type { Connection } from '../db/connect.ts';
import type { Database } from '../db/schema.ts';
import type { Kysely } from 'kysely';
import { completeDataFile } from '../measurements/data-files.ts';
import type { ImportProgress } from './import-progress.ts';
import { finishImportRecord } from './import-records.ts';
import { retireWhatItReplaces } from './replace-file.ts';
import type { SinkTarget } from './sample-sink.ts';
import { withSampleSink } from './with-sample-sink.ts';

export interface ImportedFile {
  importId: number;
  fileId: number;
  format: string;
  rows: number;
  points: number;
  cycles: number;
  skippedRows: number;
  capacitySource: CapacitySource;
  /** The version this file replaced, retired as it was published (`?replaces=`); else null. */
  replaces: number | null;
}

export interface SamplesOptions {
  /** The same bytes as `source`, as a file on disk: ZIP containers are read from it by offset. */
  file: string;
  progress: ImportProgress;
  /** Aborted at shutdown: the import stops between two batches. */
  signal: AbortSignal;
  /** Read the file with this saved column mapping (the upload or the retry named it). */
  columnMapping?: SavedColumnMapping;
  /** Runs in the transaction that makes the file visible (the audit entry of the upload). */
  onPublish?: (db: Kysely<Database>, file: ImportedFile) => Promise<void>;
}

/**
 * Parses a stored file and writes its samples and cycles (invisible), then makes everything
 * visible in one short transaction together with the record's `done` — so the record says
 * `done` exactly when the data is there. A `CyclerParseError` at row 5,000 propagates; the
 * caller removes what was written.
 */
export async function importSamples(
  connection: Connection,
  target: SinkTarget,
  source: AsyncIterable<Buffer>,
  options: SamplesOptions,
): Promise<ImportedFile> {
  const { progress, signal } = options;
  const parsed = await parseCyclerFile(source, {
    file: options.file,
    // A table in no known layout is read with the lab's saved mapping for its column names.
    findMapping: (signature) => mappingForSignature(connection.db, signature),
    ...(options.columnMapping ? { columnMapping: options.columnMapping } : {}),
  });
  return withSampleSink(connection, target, async (sink) => {
    let points = 0;
    const report = () =>
      progress.report({
        format: parsed.format,
        bytesParsed: parsed.stats.bytes,
        rows: parsed.stats.rows,
        points,
      });
    let cycles: CycleSummary[];
    // A per-cycle summary file states the cycler's own figures.
    let capacitySource: CapacitySource = 'cycler';
    if (parsed.kind === 'time-series') {
      const builder = new CycleSummaryBuilder();
      // One batch in flight: the parser reads the next batch while the database stores this one
      // (PostgreSQL works in its own process, so the two overlap; SQLite simply runs in turn).
      let writing: Promise<void> | null = null;
      try {
        for await (const batch of parsed.batches) {
          signal.throwIfAborted();
          if (writing !== null) await writing;
          writing = sink.write(points + 1, batch);
          // Handled here so a failing write is never an unhandled rejection while the parser runs.
          writing.catch(() => undefined);
          builder.add(batch);
          points += batch.length;
          await report();
        }
        if (writing !== null) await writing;
        await sink.finishSamples();
      } finally {
        // A parse error leaves the last write to finish before the caller cleans up.
        await writing?.catch(() => undefined);
      }
      if (points === 0) throw noSamples(parsed);
      cycles = builder.finish();
      capacitySource = builder.capacitySource;
    } else {
      cycles = [];
      for await (const batch of parsed.summaries) {
        signal.throwIfAborted();
        cycles.push(...batch);
        await report();
      }
    }
    signal.throwIfAborted();
    await sink.writeCycles(cycles);
    await report();
    const imported: ImportedFile = {
      importId: target.importId,
      fileId: target.fileId,
      format: parsed.format,
      rows: parsed.stats.rows,
      points,
      cycles: cycles.length,
      skippedRows: parsed.stats.skippedRows,
      capacitySource,
      replaces: null,
    };
    return sink.publish(async (db) => {
      await completeDataFile(db, target.fileId, {
        format: parsed.format,
        points,
        cycles: cycles.length,
        skippedRows: parsed.stats.skippedRows,
        metadata: parsed.metadata,
        capacitySource,
      });
      // A new version: the old one stops being read in this same commit.
      const published = {
        ...imported,
        replaces: await retireWhatItReplaces(db, target.experimentId, target.fileId),
      };
      await finishImportRecord(
        db,
        target.importId,
        { counters: progress.counters, cycles: cycles.length, capacitySource },
        Date.now(),
      );
      await options.onPublish?.(db, published);
      return published;
    });
  });
}

function noSamples(parsed: ParsedCyclerFile): CyclerParseError {
  return new CyclerParseError(
    `This ${parsed.format} file has ${parsed.stats.rows} data rows, but none of them is a cycling ` +
      `sample (${parsed.stats.skippedRows} were skipped, e.g. impedance rows): there is nothing to plot.`,
    { reason: 'no-data' },
  );
}
