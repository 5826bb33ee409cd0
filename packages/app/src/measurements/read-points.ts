import type { Kysely, SelectQueryBuilder } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { MeasurementColumn } from './measurement-fields.ts';

/** Which samples of an experiment: optionally one file, optionally a cycle range (inclusive). */
export interface PointFilter {
  experimentId: number;
  fileId?: number;
  cycleFrom?: number;
  cycleTo?: number;
}

export type PointRow = Record<MeasurementColumn, number | null>;

const PAGE_ROWS = 10_000;

function filtered<O>(
  query: SelectQueryBuilder<Database, 'measurement', O>,
  filter: PointFilter,
): SelectQueryBuilder<Database, 'measurement', O> {
  let q = query.where('experiment_id', '=', filter.experimentId);
  if (filter.fileId !== undefined) q = q.where('file_id', '=', filter.fileId);
  if (filter.cycleFrom !== undefined) q = q.where('cycle', '>=', filter.cycleFrom);
  if (filter.cycleTo !== undefined) q = q.where('cycle', '<=', filter.cycleTo);
  return q;
}

export async function countPoints(db: Kysely<Database>, filter: PointFilter): Promise<number> {
  const row = await filtered(
    db.selectFrom('measurement').select((eb) => eb.fn.countAll<number>().as('n')),
    filter,
  ).executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * The samples in file order then sample order, a page at a time: keyset pages on the primary
 * key (file_id, seq), so memory is one page whatever the size of the test, and other requests
 * get the connection between pages.
 */
export async function* readPoints(
  db: Kysely<Database>,
  filter: PointFilter,
  columns: readonly MeasurementColumn[],
  pageRows = PAGE_ROWS,
): AsyncGenerator<PointRow[]> {
  const selected = [...new Set<MeasurementColumn>(['file_id', 'seq', ...columns])];
  let after: { fileId: number; seq: number } | null = null;
  for (;;) {
    let query = filtered(db.selectFrom('measurement').select(selected), filter);
    if (after !== null) {
      const { fileId, seq } = after;
      query = query.where((eb) => eb(eb.refTuple('file_id', 'seq'), '>', eb.tuple(fileId, seq)));
    }
    const rows = (await query
      .orderBy('file_id')
      .orderBy('seq')
      .limit(pageRows)
      .execute()) as unknown as PointRow[];
    if (rows.length === 0) return;
    yield rows;
    const last = rows.at(-1);
    if (rows.length < pageRows || last === undefined) return;
    after = { fileId: Number(last.file_id), seq: Number(last.seq) };
  }
}
