import type { Kysely } from 'kysely';
import type { CycleSummary, CyclerPoint } from '../cycler/index.ts';
import type { Database } from '../db/schema.ts';

/** The import and the (invisible) file its samples go to. */
export interface SinkTarget {
  importId: number;
  experimentId: number;
  fileId: number;
}

/**
 * Where an import writes a file's samples and cycles, all invisible (the file is `stored`, not
 * `complete`) until `publish` runs the one short transaction that makes them visible. One
 * implementation per dialect, each keeping that dialect's strength:
 * - SQLite (sqlite-sample-sink.ts): every batch in its own short transaction, so the single
 *   writer is never held for longer than one batch and other users' writes go in between;
 * - PostgreSQL (postgres-sample-sink.ts): on a connection of the import's own, in
 *   one transaction that `publish` ends (MVCC: nobody waits for it, and a crash rolls it back).
 */
export interface SampleSink {
  /** Samples numbered from `firstSeq`. */
  write(firstSeq: number, points: readonly CyclerPoint[]): Promise<void>;
  /** After the last `write`: stores the partial blocks (samples are kept in blocks of 4,096). */
  finishSamples(): Promise<void>;
  writeCycles(cycles: readonly CycleSummary[]): Promise<void>;
  /** Runs `fn` in the transaction that makes the file visible. */
  publish<T>(fn: (db: Kysely<Database>) => Promise<T>): Promise<T>;
}
