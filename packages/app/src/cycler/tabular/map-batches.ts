import { CyclerParseError } from '../cycler-parse-error.ts';
import type { ParseStats } from '../parsed-cycler-file.ts';
import type { Row, RowMapper } from './cell-reader.ts';

/**
 * Maps batches of rows to batches of values, keeping `stats` current and reporting progress after
 * each batch. A file whose header is followed by no data row is an error, not an empty import:
 * an empty upload is almost always a failed export.
 */
export async function* mapBatches<T>(
  rows: AsyncIterable<readonly Row[]> | Iterable<readonly Row[]>,
  mapper: RowMapper<T>,
  stats: ParseStats,
  report: () => void,
): AsyncGenerator<T[]> {
  for await (const batch of rows) {
    const values: T[] = [];
    for (const row of batch) {
      const value = mapper.map(row);
      if (value === null) stats.skippedRows += 1;
      else values.push(value);
    }
    stats.rows += batch.length;
    report();
    if (values.length > 0) yield values;
  }
  if (stats.rows === 0) {
    throw new CyclerParseError('The file has column names but no data rows.', { reason: 'no-data' });
  }
}

/** Groups any sequence into arrays of `size`. */
export function* inBatches<T>(items: Iterable<T>, size: number): Generator<T[]> {
  let batch: T[] = [];
  for (const item of items) {
    batch.push(item);
    if (batch.length >= size) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}

/** Batches of already-made values (container formats), counted into `stats` as they are consumed. */
export async function* countedBatches<T>(
  batches: Iterable<T[]> | AsyncIterable<T[]>,
  stats: ParseStats,
  report: () => void,
): AsyncGenerator<T[]> {
  for await (const batch of batches) {
    stats.rows += batch.length;
    report();
    yield batch;
  }
}
