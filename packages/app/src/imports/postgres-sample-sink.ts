import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import type { Database } from '../db/schema.ts';
import { insertCycles } from '../measurements/insert-cycles.ts';
import { FileBlockWriter, insertBlocks } from '../measurements/block-writer.ts';
import type { SampleSink, SinkTarget } from './sample-sink.ts';

/** Kysely over one client that is already connected (Kysely asks a "pool" for connections). */
function oneClientPool(client: pg.Client) {
  return {
    connect: () =>
      Promise.resolve({
        query: client.query.bind(client),
        release: () => undefined,
      }),
    end: () => client.end(),
  };
}

/**
 * PostgreSQL: the samples go in as encoded blocks (a row per 4,096 samples) on a client of the
 * import's own — a long import then never holds one of the pool's connections — in ONE
 * transaction that `publish` ends. Under MVCC nobody waits for it, and a crash or an outage rolls it back on the server,
 * so the chunked commits SQLite needs would only cost speed here.
 */
export async function postgresSampleSink<T>(
  url: string,
  target: SinkTarget,
  fn: (sink: SampleSink) => Promise<T>,
): Promise<T> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  // A network error on this idle client must not crash the process; the next statement reports it.
  client.on('error', () => undefined);
  await client.connect();
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: oneClientPool(client) }) });
  const key = { experimentId: target.experimentId, fileId: target.fileId };
  const blocks = new FileBlockWriter();
  try {
    return await db.transaction().execute((trx) =>
      fn({
        write: (firstSeq, batch) => {
          blocks.push(firstSeq, batch);
          return insertBlocks(trx, key, blocks.take());
        },
        finishSamples: () => insertBlocks(trx, key, blocks.finish()),
        writeCycles: (cycles) => insertCycles(trx, key, cycles),
        publish: (publishFn) => publishFn(trx),
      }),
    );
  } finally {
    await db.destroy();
  }
}

/** Below this, autovacuum's own ANALYZE comes soon enough. */
const ANALYZE_AFTER_SAMPLES = 100_000;

/**
 * After a large import, fresh planner statistics for the samples. Until autovacuum's ANALYZE
 * comes round, PostgreSQL believes a freshly imported experiment has a handful of rows, and a
 * page of a million-sample plot became a bitmap scan of everything after it plus a sort: 23 s
 * for one plot instead of ~2 s. ANALYZE reads a fixed sample (≈ 30,000 rows), so its cost does
 * not grow with the table.
 */
export async function refreshStatistics(db: Kysely<Database>, samples: number): Promise<void> {
  if (samples >= ANALYZE_AFTER_SAMPLES) await sql`analyze sample_block`.execute(db);
}
