import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { insertCycles } from '../measurements/insert-cycles.ts';
import { FileBlockWriter, insertBlocks } from '../measurements/block-writer.ts';
import type { EncodedBlock } from '../measurements/sample-blocks.ts';
import type { SampleSink, SinkTarget } from './sample-sink.ts';
import { assertStillImporting } from './still-importing.ts';

/**
 * The most samples one SQLite write transaction of an import covers: one parser batch, whose
 * completed blocks (one or two of 4,096 samples, already encoded) it stores — a few
 * milliseconds, which bounds how long another user's write waits for the import (SPEC §7:
 * "other writes wait at most a short, bounded time").
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
  const blocks = new FileBlockWriter();
  const store = async (ready: EncodedBlock[]) => {
    if (ready.length > 0)
      await db.transaction().execute(async (trx) => {
        await assertStillImporting(trx, target);
        await insertBlocks(trx, key, ready);
      });
  };
  return {
    async write(firstSeq, points) {
      for (let start = 0; start < points.length; start += SQLITE_CHUNK_SAMPLES) {
        blocks.push(firstSeq + start, points.slice(start, start + SQLITE_CHUNK_SAMPLES));
        await store(blocks.take());
      }
    },
    finishSamples: () => store(blocks.finish()),
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
