import type { Kysely } from 'kysely';
import type { CyclerPoint } from '../cycler/index.ts';
import type { Database } from '../db/schema.ts';
import { OverviewPyramid } from './overview-pyramid.ts';
import type { FileKey } from './purge-file.ts';
import { BlockBuilder, type EncodedBlock, pointValues } from './sample-blocks.ts';

/** Blocks per INSERT: a few hundred KiB of bytes per statement. */
const BLOCKS_PER_STATEMENT = 16;

/** Stores encoded blocks of one file. */
export async function insertBlocks(
  db: Kysely<Database>,
  key: FileKey,
  blocks: readonly EncodedBlock[],
): Promise<void> {
  for (let start = 0; start < blocks.length; start += BLOCKS_PER_STATEMENT)
    await db
      .insertInto('sample_block')
      .values(
        blocks.slice(start, start + BLOCKS_PER_STATEMENT).map((b) => ({
          experiment_id: key.experimentId,
          file_id: key.fileId,
          level: b.level,
          first_seq: b.firstSeq,
          last_seq: b.lastSeq,
          sample_count: b.count,
          cycle_min: b.cycleMin,
          cycle_max: b.cycleMax,
          time_min: b.timeMin,
          time_max: b.timeMax,
          data: b.data,
        })),
      )
      .execute();
}

/**
 * A file's samples on their way into blocks: every sample (level 0) and the overview levels,
 * built as the samples arrive in seq order. Memory: one open block per level.
 */
export class FileBlockWriter {
  readonly #samples = new BlockBuilder(0);
  readonly #overview = new OverviewPyramid();
  #nextSeq = 1;

  /** Samples numbered from `firstSeq`, which continues where the previous call ended. */
  push(firstSeq: number, points: readonly CyclerPoint[]): void {
    if (firstSeq !== this.#nextSeq)
      throw new Error(`samples out of order: ${firstSeq} after ${this.#nextSeq - 1}`);
    points.forEach((p, i) => this.pushValues(firstSeq + i, pointValues(p)));
  }

  pushValues(seq: number, values: readonly (number | null)[]): void {
    this.#samples.push(seq, values);
    this.#overview.push(seq, values);
    this.#nextSeq = seq + 1;
  }

  /** Blocks completed so far (to store now). */
  take(): EncodedBlock[] {
    return [...this.#samples.take(), ...this.#overview.take()];
  }

  /** The last, partial blocks of every level. */
  finish(): EncodedBlock[] {
    return [...this.#samples.finish(), ...this.#overview.finish()];
  }
}
