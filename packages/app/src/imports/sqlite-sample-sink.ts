import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { insertCycles } from '../measurements/insert-cycles.ts';
import { sqlitePointWriter } from '../measurements/sqlite-point-writer.ts';
import type { SampleSink, SinkTarget } from './sample-sink.ts';
import { assertStillImporting } from './still-importing.ts';

/**
 * The most samples one SQLite write transaction of an import holds: one parser batch. At the
 * ~150,000 samples/s of the benchmark machine that is ≈ 35 ms, which bounds how long another
 * user's write waits for the import (SPEC §7: "other writes wait at most a short, bounded time").
 */
export const SQLITE_CHUNK_SAMPLES = 5000;
const CHUNK_CYCLES = 500;

/**
 * SQLite: each chunk is its own `BEGIN IMMEDIATE … COMMIT` on the process's writer, queued in
 * arrival order with everyone else's writes (db/fifo-lock.ts); what it writes stays invisible
 * until `publish`. A crash leaves invisible rows that start-up recovery removes.
 */
export function sqliteSampleSink(db: Kysely<Database>, target: SinkTarget): SampleSink {
  const key = { experimentId: target.experimentId, fileId: target.fileId };
  return {
    async write(firstSeq, points) {
      for (let start = 0; start < points.length; start += SQLITE_CHUNK_SAMPLES) {
        const chunk = points.slice(start, start + SQLITE_CHUNK_SAMPLES);
        await db.transaction().execute(async (trx) => {
          await assertStillImporting(trx, target);
          await sqlitePointWriter(trx).write({ ...key, firstSeq: firstSeq + start }, chunk);
        });
      }
    },
    async writeCycles(cycles) {
      for (let start = 0; start < cycles.length; start += CHUNK_CYCLES)
        await db.transaction().execute(async (trx) => {
          await assertStillImporting(trx, target);
          await insertCycles(trx, key, cycles.slice(start, start + CHUNK_CYCLES));
        });
    },
    publish: (fn) =>
      db.transaction().execute(async (trx) => {
        await assertStillImporting(trx, target);
        return fn(trx);
      }),
  };
}
