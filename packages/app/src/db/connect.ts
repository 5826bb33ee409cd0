import { Kysely, type LogEvent, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { ConfigError, type DatabaseConfig, redactDatabaseUrl } from '../config/database-url.ts';
import type { Database } from './schema.ts';
import { type NamedStatementOptions, useNamedStatements } from './pg-named-statements.ts';
import { openReader, openWriter } from './sqlite-handles.ts';
import { SqliteReadWriteDialect, type WriteTransactionInfo } from './sqlite-read-write-dialect.ts';

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

export interface ConnectOptions {
  poolSize?: number;
  onQuery?: (sql: string) => void;
  /** SQLite: the longest wait for another process's write lock (default 5 s). */
  busyTimeoutMs?: number;
  /** SQLite: told about every committed write transaction (tests bound their size). */
  onWriteTransaction?: (info: WriteTransactionInfo) => void;
  /** PostgreSQL: how hot statements are prepared by name (tests make the bounds small). */
  namedStatements?: NamedStatementOptions;
}

function sqliteDialect(path: string, options: ConnectOptions): SqliteReadWriteDialect {
  const handleOptions = options.busyTimeoutMs === undefined ? {} : { busyTimeoutMs: options.busyTimeoutMs };
  const writer = openWriter(path, handleOptions);
  try {
    // An in-memory database exists only in its one handle.
    const reader = path === ':memory:' ? null : openReader(path, handleOptions);
    return new SqliteReadWriteDialect({
      writer,
      reader,
      ...(options.onWriteTransaction ? { onWriteTransaction: options.onWriteTransaction } : {}),
    });
  } catch (error) {
    writer.close();
    throw error;
  }
}

/**
 * Opens the configured database and proves it answers. Failures become one
 * {@link ConfigError} line (the CLI prints it without a stack trace).
 */
export async function connect(config: DatabaseConfig, options: ConnectOptions = {}): Promise<Connection> {
  let db: Kysely<Database>;
  if (config.dialect === 'sqlite') {
    let dialect: SqliteReadWriteDialect;
    try {
      dialect = sqliteDialect(config.path, options);
    } catch (error) {
      throw new ConfigError(`cannot open SQLite database ${config.path}: ${(error as Error).message}`);
    }
    db = new Kysely<Database>({ dialect, ...logOption(options.onQuery) });
  } else {
    const pool = new pg.Pool({
      connectionString: config.url,
      max: options.poolSize ?? 10,
      connectionTimeoutMillis: 5000,
    });
    // A client's network error must not crash the process: an idle client's reaches the pool,
    // and a checked-out client's — node-postgres emits it besides failing the running query —
    // would otherwise be an uncaught 'error' event. The query's own rejection reports it (503).
    pool.on('error', () => undefined);
    pool.on('connect', (client) => client.on('error', () => undefined));
    useNamedStatements(pool, options.namedStatements);
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
