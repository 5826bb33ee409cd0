import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';

/** One version of a file (issue 22: a harvested growing file uploaded again), as kept. */
export interface FileVersion {
  id: number;
  /** 1 for the first upload; the file now read has the highest. */
  version: number;
  sizeBytes: number;
  sha256: string;
  points: number;
  cycles: number;
  createdAt: string;
  /** True for the version every reader reads now; earlier ones are kept, not read. */
  current: boolean;
}

/**
 * Every visible file's versions, newest first, keyed by the visible file's id: its earlier
 * versions are the chain of `replaced_by` that ends at it (migration 2026-12-07-22-01). One
 * query for the experiment; the chains are followed here. The caller decided the experiment
 * is visible.
 */
export async function findFileVersions(
  db: Kysely<Database>,
  experimentId: number,
): Promise<Map<number, FileVersion[]>> {
  const rows = await db
    .selectFrom('data_file')
    .select([
      'id',
      'status',
      'replaced_by',
      'size_bytes',
      'sha256',
      'point_count',
      'cycle_count',
      'created_at',
    ])
    .where('experiment_id', '=', experimentId)
    .where((eb) => eb.or([eb('status', '=', 'complete'), eb('replaced_by', 'is not', null)]))
    .orderBy('id')
    .execute();
  const replacedBy = new Map<number, (typeof rows)[number]>();
  for (const row of rows) if (row.replaced_by !== null) replacedBy.set(Number(row.replaced_by), row);
  const versions = new Map<number, FileVersion[]>();
  for (const row of rows) {
    if (row.status !== 'complete') continue;
    const chain = [row];
    // Bounded by the rows themselves: a chain cannot be longer than the experiment's files.
    for (let older = replacedBy.get(Number(row.id)); older && chain.length <= rows.length;)
      older = (chain.push(older), replacedBy.get(Number(older.id)));
    versions.set(
      Number(row.id),
      chain.map((v, i) => ({
        id: Number(v.id),
        version: chain.length - i,
        sizeBytes: Number(v.size_bytes),
        sha256: v.sha256,
        points: Number(v.point_count),
        cycles: Number(v.cycle_count),
        createdAt: new Date(Number(v.created_at)).toISOString(),
        current: i === 0,
      })),
    );
  }
  return versions;
}
