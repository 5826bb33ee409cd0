import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { blockHeaders, type ReadBlock, readBlocks, toBlockHeader } from './block-reader.ts';
import { KEPT_PER_BUCKET, OVERVIEW_BUCKETS } from './overview-pyramid.ts';
import { decodeBlock } from './sample-codec.ts';

/** A complete file and its number of samples (read-points.ts: filteredFiles). */
export interface CountedFile {
  id: number;
  points: number;
}

/**
 * Samples (at most) whose blocks one statement fetches. A file keeps at most 20 samples per
 * bucket of the level read, and the level is the coarsest whose buckets fit the plot's, so a
 * plot of 2,000 points keeps at most ≈ 107,000 samples plus 20 per file (below the top level's
 * reach, ≈ 350M samples): an experiment of up to ~1,000 files is one statement. Memory: a few
 * MiB of compressed blocks at once.
 */
export const GROUP_SAMPLES = 131_072;
/** Files one statement names (bound parameters): far below SQLite's and PostgreSQL's limits. */
const GROUP_FILES = 1_000;

/** The most samples a file of `points` samples keeps at `level` (0: all of them). */
export function keptBound(points: number, level: number): number {
  if (level === 0) return points;
  return KEPT_PER_BUCKET * Math.ceil(points / OVERVIEW_BUCKETS[level - 1]!);
}

/**
 * The files cut into runs, in order, each run's kept samples at `level` within GROUP_SAMPLES
 * (a file above it alone is a run of one, read a few blocks at a time).
 */
export function fileGroups(
  files: readonly CountedFile[],
  level: number,
  groupSamples = GROUP_SAMPLES,
): CountedFile[][] {
  const groups: CountedFile[][] = [];
  let group: CountedFile[] = [];
  let samples = 0;
  for (const file of files) {
    const kept = keptBound(file.points, level);
    if (group.length > 0 && (samples + kept > groupSamples || group.length === GROUP_FILES)) {
      groups.push(group);
      group = [];
      samples = 0;
    }
    group.push(file);
    samples += kept;
  }
  if (group.length > 0) groups.push(group);
  return groups;
}

/**
 * Every block at `level` of `files` (complete files of one experiment), decoded one at a time,
 * file by file in the order given and in seq order within a file: the whole-test overview's
 * read. The files' blocks are fetched together — one statement for a run of files whose kept
 * samples fit GROUP_SAMPLES — so an overview of an experiment of a hundred files costs what one
 * of a single file does, not a hundred round trips (89 ms of the 10M-sample tier on PostgreSQL
 * were two statements per file). A file deleted meanwhile has no blocks left and yields none.
 * `groupSamples`: GROUP_SAMPLES but in tests.
 */
export async function* readLevelBlocks(
  db: Kysely<Database>,
  experimentId: number,
  files: readonly CountedFile[],
  level: number,
  groupSamples = GROUP_SAMPLES,
): AsyncGenerator<{ fileId: number; read: ReadBlock }> {
  for (const group of fileGroups(files, level, groupSamples)) {
    if (group.length === 1 && keptBound(group[0]!.points, level) > groupSamples) {
      // One large file (every sample of a long test): a few blocks per query, bounded memory.
      const key = { experimentId, fileId: group[0]!.id };
      for await (const read of readBlocks(db, key, await blockHeaders(db, key, level)))
        yield { fileId: key.fileId, read };
      continue;
    }
    const rows = await db
      .selectFrom('sample_block')
      .select(['file_id', 'level', 'first_seq', 'last_seq', 'sample_count', 'cycle_min', 'cycle_max', 'data'])
      .where('experiment_id', '=', experimentId)
      .where(
        'file_id',
        'in',
        group.map((f) => f.id),
      )
      .where('level', '=', level)
      .orderBy('file_id')
      .orderBy('first_seq')
      .execute();
    const byFile = new Map<number, typeof rows>();
    for (const row of rows) {
      const fileId = Number(row.file_id);
      const list = byFile.get(fileId) ?? [];
      list.push(row);
      byFile.set(fileId, list);
    }
    for (const file of group)
      for (const row of byFile.get(file.id) ?? [])
        yield {
          fileId: file.id,
          read: { ...toBlockHeader(row), block: decodeBlock(row.data) },
        };
  }
}
