import assert from 'node:assert/strict';
import {
  CycleSummaryBuilder,
  CyclerParseError,
  parseCyclerFile,
  type CycleSummary,
  type CyclerPoint,
  type ParseOptions,
  type ParsedCyclerFile,
} from '../../src/cycler/index.ts';

export {
  CYCLER_DATA,
  HAVE_CYCLER_DATA,
  REPO_ROOT,
  withoutCyclerData,
} from '../../../../test-support/cycler-data.ts';

/** Feeds bytes in chunks of `size`, as an upload stream would. */
export async function* chunksOf(data: Buffer | string, size = 64 * 1024): AsyncGenerator<Buffer> {
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  for (let i = 0; i < bytes.length; i += size) {
    await Promise.resolve();
    yield bytes.subarray(i, i + size);
  }
}

export interface Collected {
  parsed: ParsedCyclerFile;
  points: CyclerPoint[];
  /** Computed from the points (time series) or read from the file (summary files). */
  cycles: CycleSummary[];
}

/** Parses everything (small inputs only) and computes the per-cycle summary. */
export async function collect(input: AsyncIterable<Buffer>, options?: ParseOptions): Promise<Collected> {
  const parsed = await parseCyclerFile(input, options);
  const points: CyclerPoint[] = [];
  const cycles: CycleSummary[] = [];
  if (parsed.kind === 'time-series') {
    const builder = new CycleSummaryBuilder();
    for await (const batch of parsed.batches) {
      builder.add(batch);
      points.push(...batch);
    }
    cycles.push(...builder.finish());
  } else {
    for await (const batch of parsed.summaries) cycles.push(...batch);
  }
  return { parsed, points, cycles };
}

/** The CyclerParseError a bad input gives, whether at open time or while iterating. */
export async function parseError(
  input: AsyncIterable<Buffer>,
  options?: ParseOptions,
): Promise<CyclerParseError> {
  try {
    await collect(input, options);
  } catch (error) {
    assert.ok(error instanceof CyclerParseError, `expected a CyclerParseError, got ${String(error)}`);
    assert.equal(error.code, 'INVALID_CYCLER_FILE');
    return error;
  }
  assert.fail('expected the input to be rejected');
}

/** Asserts |actual − expected| <= tolerance, with a readable message. */
export function near(
  actual: number | null | undefined,
  expected: number,
  tolerance: number,
  what = 'value',
): void {
  assert.ok(
    actual !== null && actual !== undefined && Math.abs(actual - expected) <= tolerance,
    `${what}: expected ${expected} ± ${tolerance}, got ${String(actual)}`,
  );
}

export function byCycle(cycles: readonly CycleSummary[], cycle: number): CycleSummary {
  const found = cycles.find((c) => c.cycle === cycle);
  assert.ok(found !== undefined, `no cycle ${cycle} in ${cycles.map((c) => c.cycle).join(',')}`);
  return found;
}
