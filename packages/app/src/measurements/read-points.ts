import type { Kysely, SelectQueryBuilder } from 'kysely';
import type { Database } from '../db/schema.ts';
import { completeFileIds } from './data-files.ts';
import type { MeasurementColumn } from './measurement-fields.ts';

/** Which samples of an experiment: optionally one file, optionally a cycle range (inclusive). */
export interface PointFilter {
  experimentId: number;
  fileId?: number;
  cycleFrom?: number;
  cycleTo?: number;
  /** A range of one file's samples (inclusive; needs `fileId`): a plot's zoom window. */
  seqFrom?: number;
  seqTo?: number;
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
  if (filter.seqFrom !== undefined) q = q.where('seq', '>=', filter.seqFrom);
  if (filter.seqTo !== undefined) q = q.where('seq', '<=', filter.seqTo);
  return q;
}

/** Samples of complete files only (an import's rows are invisible until it completes). */
export async function countPoints(db: Kysely<Database>, filter: PointFilter): Promise<number> {
  const row = await filtered(
    db.selectFrom('measurement').select((eb) => eb.fn.countAll<number>().as('n')),
    filter,
  )
    .where('file_id', 'in', completeFileIds(db, filter.experimentId))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * The samples of complete files in file order then sample order, a page at a time: file by file, keyset pages on
 * the primary key (`experiment_id = ? AND file_id = ? AND seq > ?`), a plain range of the key,
 * so the plan stays an index range scan even before PostgreSQL has statistics for a freshly
 * imported million samples (a row comparison over (file_id, seq) did not, and read every page
 * from scratch). Memory is one page; other requests get the connection between pages.
 */
export async function* readPoints(
  db: Kysely<Database>,
  filter: PointFilter,
  columns: readonly MeasurementColumn[],
  pageRows = PAGE_ROWS,
): AsyncGenerator<PointRow[]> {
  const selected = [...new Set<MeasurementColumn>(['file_id', 'seq', ...columns])];
  let files = completeFileIds(db, filter.experimentId);
  if (filter.fileId !== undefined) files = files.where('data_file.id', '=', filter.fileId);
  for (const { id: fileId } of await files.orderBy('id').execute()) {
    let after = filter.seqFrom === undefined ? 0 : filter.seqFrom - 1;
    for (;;) {
      const rows = (await filtered(db.selectFrom('measurement').select(selected), { ...filter, fileId })
        .where('seq', '>', after)
        .orderBy('seq')
        .limit(pageRows)
        .execute()) as unknown as PointRow[];
      if (rows.length > 0) yield rows;
      if (rows.length < pageRows) break;
      after = Number(rows.at(-1)?.seq);
    }
  }
}
