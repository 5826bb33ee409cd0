import type { Kysely, Selectable } from 'kysely';
import type { Database, SampleBlockTable } from '../db/schema.ts';
import { BLOCK_SAMPLES, type BlockHeader } from './sample-blocks.ts';
import { type DecodedBlock, decodeBlock } from './sample-codec.ts';

/** Which samples of one file: a cycle range and a seq range, each inclusive and optional. */
export interface SampleRange {
  cycleFrom?: number;
  cycleTo?: number;
  seqFrom?: number;
  seqTo?: number;
}

/** A block with its samples decoded. */
export interface ReadBlock extends BlockHeader {
  block: DecodedBlock;
}

type HeaderRow = Pick<
  Selectable<SampleBlockTable>,
  'level' | 'first_seq' | 'last_seq' | 'sample_count' | 'cycle_min' | 'cycle_max'
>;

/** Blocks fetched per query while reading: bounded memory (≈ 8 × 4,096 samples decoded at most). */
const FETCH_BLOCKS = 8;

/**
 * The headers of one file's blocks at `level` that may hold samples of `range`, in seq order: an
 * index range on (file, level, cycle_max) for a cycle range, the primary key for a seq range —
 * never a scan of the file's samples (the row table's cycle read scanned the file up to the
 * cycle on SQLite, which is why one cycle cost 16× more in a 10× larger file).
 */
export async function blockHeaders(
  db: Kysely<Database>,
  key: { experimentId: number; fileId: number },
  level: number,
  range: SampleRange = {},
): Promise<BlockHeader[]> {
  let q = db
    .selectFrom('sample_block')
    .select(['level', 'first_seq', 'last_seq', 'sample_count', 'cycle_min', 'cycle_max'])
    .where('experiment_id', '=', key.experimentId)
    .where('file_id', '=', key.fileId)
    .where('level', '=', level);
  if (range.cycleFrom !== undefined) q = q.where('cycle_max', '>=', range.cycleFrom);
  if (range.cycleTo !== undefined) q = q.where('cycle_min', '<=', range.cycleTo);
  if (range.seqFrom !== undefined)
    q = q.where('last_seq', '>=', range.seqFrom).where('first_seq', '>', range.seqFrom - BLOCK_SAMPLES);
  if (range.seqTo !== undefined) q = q.where('first_seq', '<=', range.seqTo);
  const rows = await q.orderBy('first_seq').execute();
  return rows.map(toBlockHeader);
}

/** A `sample_block` row's header columns as numbers (PostgreSQL may answer bigints as strings). */
export function toBlockHeader(row: HeaderRow): BlockHeader {
  return {
    level: Number(row.level),
    firstSeq: Number(row.first_seq),
    lastSeq: Number(row.last_seq),
    count: Number(row.sample_count),
    cycleMin: Number(row.cycle_min),
    cycleMax: Number(row.cycle_max),
  };
}

/** The blocks of `headers` (one file, one level), decoded, a few per query, in order. */
export async function* readBlocks(
  db: Kysely<Database>,
  key: { experimentId: number; fileId: number },
  headers: readonly BlockHeader[],
): AsyncGenerator<ReadBlock> {
  for (let start = 0; start < headers.length; start += FETCH_BLOCKS) {
    const group = headers.slice(start, start + FETCH_BLOCKS);
    const rows = await db
      .selectFrom('sample_block')
      .select(['first_seq', 'data'])
      .where('experiment_id', '=', key.experimentId)
      .where('file_id', '=', key.fileId)
      .where('level', '=', group[0]!.level)
      .where(
        'first_seq',
        'in',
        group.map((h) => h.firstSeq),
      )
      .execute();
    const data = new Map(rows.map((r) => [Number(r.first_seq), r.data]));
    for (const header of group) {
      const bytes = data.get(header.firstSeq);
      // Deleted meanwhile (the file is being removed): what is left of it is not read.
      if (bytes === undefined) return;
      yield { ...header, block: decodeBlock(bytes) };
    }
  }
}

/** Whether a block lies wholly inside the range (its samples need no test one by one). */
export function within(header: BlockHeader, range: SampleRange): boolean {
  return (
    (range.cycleFrom === undefined || header.cycleMin >= range.cycleFrom) &&
    (range.cycleTo === undefined || header.cycleMax <= range.cycleTo) &&
    (range.seqFrom === undefined || header.firstSeq >= range.seqFrom) &&
    (range.seqTo === undefined || header.lastSeq <= range.seqTo)
  );
}

/** The seq of sample `i` of a block. */
export function seqAt(read: ReadBlock, i: number): number {
  return read.block.seqs === null ? read.firstSeq + i : read.block.seqs[i]!;
}

/** Whether sample `i` of a block falls in the range. */
export function inRange(read: ReadBlock, i: number, range: SampleRange): boolean {
  const seq = seqAt(read, i);
  if (range.seqFrom !== undefined && seq < range.seqFrom) return false;
  if (range.seqTo !== undefined && seq > range.seqTo) return false;
  const cycle = read.block.columns.cycle.values[i]!;
  if (range.cycleFrom !== undefined && cycle < range.cycleFrom) return false;
  return range.cycleTo === undefined || cycle <= range.cycleTo;
}
