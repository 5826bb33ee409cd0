import type { Row } from '../tabular/cell-reader.ts';
import type { ColumnMapper } from './row-mapper.ts';

/**
 * Rows held back while deciding whether a cycle column counts at all. A counter that has not
 * changed over this many rows (or over the whole file) is taken as stuck; real cycles of a
 * cycler's own counter are far shorter than this at any sampling rate labs use, and the rows held
 * (≈ 100 bytes each) stay a few MB.
 */
export const STUCK_COUNTER_ROWS = 50_000;

/**
 * Passes rows through unchanged, but first reads ahead until the cycle column changes (the counter
 * is real: nothing changes) or `limit` rows / the end of the file go by without a change (the
 * counter is stuck: the mapper derives cycles from the step sequence instead). Formats without
 * `deriveCyclesWhenStuck` pass straight through.
 */
export async function* resolveStuckCycleCounter(
  rows: AsyncIterable<readonly Row[]>,
  mapper: ColumnMapper,
  limit = STUCK_COUNTER_ROWS,
): AsyncGenerator<readonly Row[]> {
  const column = mapper.replaceableCycleColumn;
  if (column === undefined) {
    yield* rows;
    return;
  }
  const held: (readonly Row[])[] = [];
  let count = 0;
  let first: string | undefined;
  let decided = false;
  for await (const batch of rows) {
    if (decided) {
      yield batch;
      continue;
    }
    held.push(batch);
    count += batch.length;
    for (const row of batch) {
      const value = Number(row.fields[column.index] ?? '');
      const key = Number.isFinite(value) ? String(value) : (row.fields[column.index] ?? '');
      first ??= key;
      if (key !== first) decided = true;
    }
    if (!decided && count >= limit) {
      mapper.deriveCyclesInstead();
      decided = true;
    }
    if (decided) yield* held.splice(0);
  }
  if (!decided) mapper.deriveCyclesInstead();
  yield* held;
}
