import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { CSV_COLUMNS } from '../measurements/export-csv.ts';
import { type PointFilter, readPoints } from '../measurements/read-points.ts';
import { type ParquetBatch, type ParquetColumn, parquetStream } from './parquet-stream.ts';

/** Columns the database never leaves empty; the rest may be (a cycler without a temperature probe). */
const REQUIRED = new Set(['time_s', 'cycle', 'current_a', 'voltage_v', 'file_id']);
const INTEGER = new Set(['cycle', 'step', 'file_id']);

/** The CSV export's Battery Data Format names and order, typed. */
const COLUMNS: ParquetColumn[] = CSV_COLUMNS.map(([name, column]) => ({
  name,
  type: INTEGER.has(column) ? 'INT32' : 'DOUBLE',
  nullable: !REQUIRED.has(column),
}));

/** Rows per row group: ~4.4 MB of values before compression, a few MB of heap while it is built. */
export const ROW_GROUP_ROWS = 50_000;

/**
 * The time series (an experiment's, or one file's) as Parquet, Snappy-compressed, with the CSV
 * export's Battery Data Format column names, written a row group at a time while the samples
 * are read page by page (`readPoints`): memory holds one row group, whatever the size of the
 * data. The caller has decided that the experiment is visible.
 */
export function timeseriesParquet(
  db: Kysely<Database>,
  filter: Pick<PointFilter, 'experimentId' | 'fileId' | 'fileIds'>,
  metadata: Record<string, string> = {},
): AsyncGenerator<Uint8Array> {
  return parquetStream(COLUMNS, rowGroups(db, filter), metadata);
}

async function* rowGroups(
  db: Kysely<Database>,
  filter: Pick<PointFilter, 'experimentId' | 'fileId' | 'fileIds'>,
): AsyncGenerator<ParquetBatch> {
  const columns = CSV_COLUMNS.map(([, column]) => column);
  let batch: ParquetBatch = columns.map(() => []);
  for await (const page of readPoints(db, filter, columns)) {
    for (const row of page) columns.forEach((c, i) => batch[i]!.push(row[c]));
    if (batch[0]!.length >= ROW_GROUP_ROWS) {
      yield batch;
      batch = columns.map(() => []);
    }
  }
  yield batch;
}
