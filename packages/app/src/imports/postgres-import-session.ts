import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import type { Database } from '../db/schema.ts';
import { postgresPointWriter } from '../measurements/postgres-point-writer.ts';
import type { ImportSession } from './import-session.ts';

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
 * PostgreSQL: the import runs on a client of its own rather than one of the app's pool, because
 * COPY (the fast path for samples) needs the raw client and Kysely does not lend it out, and so
 * that a long import never holds one of the pool's connections (each running import uses one
 * connection beyond the pool). Statements through Kysely and COPY share the client, hence the
 * transaction.
 */
export async function withPostgresImport<T>(
  url: string,
  fn: (session: ImportSession) => Promise<T>,
): Promise<T> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  // A network error on this idle client must not crash the process; the next statement reports it.
  client.on('error', () => undefined);
  await client.connect();
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: oneClientPool(client) }) });
  try {
    return await db.transaction().execute((trx) => fn({ db: trx, points: postgresPointWriter(client) }));
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
  if (samples >= ANALYZE_AFTER_SAMPLES) await sql`analyze measurement`.execute(db);
}
