import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import {
  blockHeaders,
  inRange,
  type ReadBlock,
  readBlocks,
  type SampleRange,
  within,
} from './block-reader.ts';
import { filteredFiles } from './read-points.ts';

/**
 * A cycle's decoded blocks kept in memory after their one read: a cycle of a few thousand
 * samples is one to three blocks; 16 blocks (≈ 65,000 samples, ≈ 5 MiB decoded) covers every
 * ordinary cycle. A longer one (a whole test under one cycle number) is read again for each
 * pass instead, so memory stays bounded whatever the cycle's length.
 */
export const KEPT_BLOCKS = 16;

/** Visits sample `i` of `read` (inside the cycle). */
export type SampleVisitor = (read: ReadBlock, i: number) => void;

/** Passes over one cycle's samples in time order. */
export type CyclePasses = (visit: SampleVisitor) => Promise<void>;

/**
 * The samples of one cycle of one complete file, for analyses that go over them more than once
 * (cycle-curves.ts: the peak current, then the shape, then the curves): the block headers are
 * selected once by the cycle's index range and the blocks fetched and decoded once — every
 * further pass reads them from memory — unless the cycle spans more than {@link KEPT_BLOCKS}.
 */
export async function cyclePasses(
  db: Kysely<Database>,
  q: { experimentId: number; fileId: number; cycle: number },
): Promise<CyclePasses> {
  const range: SampleRange = { cycleFrom: q.cycle, cycleTo: q.cycle };
  // An import's blocks are invisible until it completes (the file is then listed complete).
  const complete = await filteredFiles(db, { experimentId: q.experimentId, fileId: q.fileId });
  const key = { experimentId: q.experimentId, fileId: q.fileId };
  const headers = complete.length === 0 ? [] : await blockHeaders(db, key, 0, range);
  const visitBlock = (read: ReadBlock, visit: SampleVisitor) => {
    const whole = within(read, range);
    for (let i = 0; i < read.count; i++) if (whole || inRange(read, i, range)) visit(read, i);
  };
  if (headers.length > KEPT_BLOCKS)
    return async (visit) => {
      for await (const read of readBlocks(db, key, headers)) visitBlock(read, visit);
    };
  const kept: ReadBlock[] = [];
  for await (const read of readBlocks(db, key, headers)) kept.push(read);
  return (visit) => {
    for (const read of kept) visitBlock(read, visit);
    return Promise.resolve();
  };
}
