import { join } from 'node:path';
import { startPgCluster } from '../../../scripts/pg-cluster.mjs';

/**
 * A fresh database for one dialect of a benchmark: a SQLite file in `dir`, or PostgreSQL —
 * `BENCH_PG_URL` when set, otherwise a throwaway cluster stopped by `cleanup`.
 */
export async function benchDatabase(
  kind: string,
  dir: string,
): Promise<{ url: string; cleanup: () => void }> {
  if (kind === 'sqlite')
    return { url: `sqlite:${join(dir, `bench-${Date.now()}.sqlite`)}`, cleanup: () => {} };
  if (process.env.BENCH_PG_URL) return { url: process.env.BENCH_PG_URL, cleanup: () => undefined };
  const cluster = await startPgCluster();
  return { url: cluster.url, cleanup: () => cluster.stop() };
}
