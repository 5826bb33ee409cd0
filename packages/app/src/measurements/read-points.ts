import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import {
  blockHeaders,
  inRange,
  type ReadBlock,
  readBlocks,
  type SampleRange,
  seqAt,
  within,
} from './block-reader.ts';
import { completeFileIds } from './data-files.ts';
import type { MeasurementColumn } from './measurement-fields.ts';
import { valueAt } from './sample-codec.ts';

/** Which samples of an experiment: optionally one file, optionally a cycle range (inclusive). */
export interface PointFilter extends SampleRange {
  experimentId: number;
  fileId?: number;
  /** These files, in this order (a cell's files for its time series). */
  fileIds?: readonly number[];
  cycleFrom?: number;
  cycleTo?: number;
  /** A range of one file's samples (inclusive; needs `fileId`): a plot's zoom window. */
  seqFrom?: number;
  seqTo?: number;
}

export type PointRow = Record<MeasurementColumn, number | null>;

const PAGE_ROWS = 10_000;

/** The complete files the filter reads, in upload order (or `fileIds`' order), with their sample counts. */
export async function filteredFiles(
  db: Kysely<Database>,
  filter: PointFilter,
): Promise<{ id: number; points: number }[]> {
  let files = completeFileIds(db, filter.experimentId).select('data_file.point_count');
  if (filter.fileId !== undefined) files = files.where('data_file.id', '=', filter.fileId);
  const { fileIds } = filter;
  if (fileIds !== undefined) {
    if (fileIds.length === 0) return [];
    files = files.where('data_file.id', 'in', [...fileIds]);
  }
  const rows = (await files.orderBy('data_file.id').execute()).map((r) => ({
    id: Number(r.id),
    points: Number(r.point_count),
  }));
  if (fileIds === undefined) return rows;
  const place = new Map(fileIds.map((id, i) => [id, i]));
  return rows.sort((a, b) => (place.get(a.id) ?? 0) - (place.get(b.id) ?? 0));
}

const ranged = (filter: PointFilter): boolean =>
  filter.cycleFrom !== undefined ||
  filter.cycleTo !== undefined ||
  filter.seqFrom !== undefined ||
  filter.seqTo !== undefined;

/**
 * Samples of complete files only (an import's blocks are invisible until it completes): the
 * files' counts without a range; with one, the blocks inside it by their headers, and only the
 * one or two at each edge decoded. `files`: the filter's files when the caller has them already.
 */
export async function countPoints(
  db: Kysely<Database>,
  filter: PointFilter,
  files?: readonly { id: number; points: number }[],
): Promise<number> {
  files ??= await filteredFiles(db, filter);
  if (!ranged(filter)) return files.reduce((sum, f) => sum + f.points, 0);
  let total = 0;
  for (const file of files) {
    const key = { experimentId: filter.experimentId, fileId: file.id };
    const headers = await blockHeaders(db, key, 0, filter);
    const edges = headers.filter((h) => !within(h, filter));
    for (const h of headers) if (within(h, filter)) total += h.count;
    for await (const read of readBlocks(db, key, edges))
      for (let i = 0; i < read.count; i++) if (inRange(read, i, filter)) total += 1;
  }
  return total;
}

/**
 * The level-0 blocks of the filter's samples, file by file in upload order, each with the
 * file it belongs to: the columnar read under readPoints and the CSV export. Only the blocks
 * overlapping the filter's cycle or seq range are fetched (a few per query); the caller still
 * tests the samples of a block that straddles the range (`inRange`).
 */
export async function* readFilteredBlocks(
  db: Kysely<Database>,
  filter: PointFilter,
): AsyncGenerator<{ fileId: number; read: ReadBlock; whole: boolean }> {
  for (const file of await filteredFiles(db, filter)) {
    const key = { experimentId: filter.experimentId, fileId: file.id };
    const headers = await blockHeaders(db, key, 0, filter);
    for await (const read of readBlocks(db, key, headers))
      yield { fileId: file.id, read, whole: within(read, filter) };
  }
}

/**
 * The samples of complete files in file order then sample order, a page at a time (at most
 * `pageRows` rows; memory: a page and the blocks being read). Reads only the blocks that overlap
 * the filter's range.
 */
export async function* readPoints(
  db: Kysely<Database>,
  filter: PointFilter,
  columns: readonly MeasurementColumn[],
  pageRows = PAGE_ROWS,
): AsyncGenerator<PointRow[]> {
  const wanted = [...new Set(columns)].filter((c) => c !== 'file_id' && c !== 'seq');
  // Every row a copy of one template: objects of one shape, not dictionaries built key by key.
  const template = Object.fromEntries(['file_id', 'seq', ...wanted].map((c) => [c, 0])) as PointRow;
  let page: PointRow[] = [];
  for await (const { fileId, read, whole } of readFilteredBlocks(db, filter)) {
    const sources = wanted.map((c) => [c, read.block.columns[c]] as const);
    for (let i = 0; i < read.count; i++) {
      if (!whole && !inRange(read, i, filter)) continue;
      const row = { ...template };
      row.file_id = fileId;
      row.seq = seqAt(read, i);
      for (const [name, column] of sources) row[name] = valueAt(column, i);
      page.push(row);
      if (page.length === pageRows) {
        yield page;
        page = [];
      }
    }
  }
  if (page.length > 0) yield page;
}
