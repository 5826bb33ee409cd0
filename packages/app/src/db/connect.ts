import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, type LogEvent, PostgresDialect, sql, SqliteDialect } from 'kysely';
import pg from 'pg';
import { ConfigError, type DatabaseConfig, redactDatabaseUrl } from '../config/database-url.ts';
import type { Database } from './schema.ts';

// PostgreSQL returns int8 (bigint: our epoch-millisecond times, count(*)) as strings by
// default; every value we store fits in a double, so parse them as numbers on both dialects.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (value) => Number(value));

/** Lets the benchmark count queries (e.g. "one query per page check"). */
function logOption(onQuery: ((sql: string) => void) | undefined) {
  return onQuery ? { log: (event: LogEvent) => onQuery(event.query.sql) } : {};
}

export interface Connection {
  db: Kysely<Database>;
  config: DatabaseConfig;
  close(): Promise<void>;
}

function openSqlite(path: string): SQLite.Database {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const database = new SQLite(path);
  // WAL lets readers run during a write; foreign keys make ON DELETE CASCADE real (SQLite
  // leaves them off by default); the busy timeout waits for another process's write lock.
  database.pragma('journal_mode = WAL');
  database.pragma('foreign_keys = ON');
  database.pragma('busy_timeout = 5000');
  database.pragma('synchronous = NORMAL');
  // SQLite's default page cache is 2 MiB; bulk status flips and counts over a million
  // experiments touch far more pages than that.
  database.pragma('cache_size = -65536');
  database.pragma('temp_store = MEMORY');
  // Query plans need table statistics: the list filter's ORs are only planned well (walk the
  // newest-first index, stop after a page) when SQLite knows how many rows each branch matches.
  // SQLite's advice for long-lived connections: optimize at open (it analyses what needs it).
  database.pragma('optimize = 0x10002');
  return database;
}

/**
 * Opens the configured database and proves it answers. Failures become one
 * {@link ConfigError} line (the CLI prints it without a stack trace).
 */
export async function connect(
  config: DatabaseConfig,
  options: { poolSize?: number; onQuery?: (sql: string) => void } = {},
): Promise<Connection> {
  let db: Kysely<Database>;
  if (config.dialect === 'sqlite') {
    let database: SQLite.Database;
    try {
      database = openSqlite(config.path);
    } catch (error) {
      throw new ConfigError(`cannot open SQLite database ${config.path}: ${(error as Error).message}`);
    }
    db = new Kysely<Database>({ dialect: new SqliteDialect({ database }), ...logOption(options.onQuery) });
  } else {
    const pool = new pg.Pool({
      connectionString: config.url,
      max: options.poolSize ?? 10,
      connectionTimeoutMillis: 5000,
    });
    // An idle client's network error must not crash the process; the next query reports it.
    pool.on('error', () => undefined);
    db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }), ...logOption(options.onQuery) });
  }
  try {
    await sql`select 1`.execute(db);
  } catch (error) {
    await db.destroy().catch(() => undefined);
    throw new ConfigError(`cannot reach database ${redactDatabaseUrl(config)}: ${(error as Error).message}`);
  }
  return { db, config, close: () => db.destroy() };
}
