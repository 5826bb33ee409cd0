import { loadavg } from 'node:os';

/** A figure measured several times: the median and the spread (min–max) of the runs. */
export interface Spread {
  median: number;
  min: number;
  max: number;
  runs: number[];
}

export function spread(runs: readonly number[]): Spread {
  const sorted = [...runs].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  const median = sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
  return { median, min: sorted[0]!, max: sorted[sorted.length - 1]!, runs: [...runs] };
}

/** What the harness tells an operation: whether this run is the untimed warm-up. */
export interface RunOptions {
  warmup: boolean;
}

export type Operation<C> = (c: C, options: RunOptions) => Promise<Record<string, number>>;

/**
 * Runs `op` once to warm up (JIT, caches, the database's pages; not recorded), then `repeat`
 * times, collecting every figure of every run and the 1-minute load average before each run
 * (the machine is shared: a run under load says so).
 */
export async function measureRepeated<C>(
  op: Operation<C>,
  c: C,
  repeat: number,
  figures: Record<string, number[]>,
): Promise<number[]> {
  await op(c, { warmup: true });
  const loads: number[] = [];
  for (let run = 0; run < repeat; run += 1) {
    loads.push(loadavg()[0]!);
    for (const [key, value] of Object.entries(await op(c, { warmup: false })))
      (figures[key] ??= []).push(value);
  }
  return loads;
}
