import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';

/**
 * How long a statement waits for another process's write lock before SQLITE_BUSY. Every write
 * transaction BatteryDB makes is short (an import writes in chunks), so in practice a wait is
 * one chunk; this is the ceiling, past which the request answers 503 (SPEC §7).
 */
export const DEFAULT_BUSY_TIMEOUT_MS = 5000;

export interface SqliteHandleOptions {
  busyTimeoutMs?: number;
}

function configure(database: SQLite.Database, options: SqliteHandleOptions): void {
  database.pragma(
    `busy_timeout = ${Math.max(0, Math.floor(options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS))}`,
  );
  // Foreign keys make ON DELETE CASCADE real (SQLite leaves them off by default).
  database.pragma('foreign_keys = ON');
  // SQLite's default page cache is 2 MiB; bulk status flips and counts over a million
  // experiments touch far more pages than that.
  database.pragma('cache_size = -65536');
  database.pragma('temp_store = MEMORY');
}

/**
 * The process's one writing handle. WAL lets readers (the other handle, other processes) go on
 * while it writes; synchronous=NORMAL is WAL's durable-at-checkpoint, crash-safe setting.
 */
export function openWriter(path: string, options: SqliteHandleOptions = {}): SQLite.Database {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const database = new SQLite(path);
  configure(database, options);
  database.pragma('journal_mode = WAL');
  database.pragma('synchronous = NORMAL');
  // Query plans need table statistics: the list filter's ORs are only planned well (walk the
  // newest-first index, stop after a page) when SQLite knows how many rows each branch matches.
  // SQLite's advice for long-lived connections: optimize at open (it analyses what needs it).
  database.pragma('optimize = 0x10002');
  dropStat4Samples(database);
  return database;
}

/**
 * What keeps statistics to `sqlite_stat1` (rows per index key, which the list plans need) and
 * removes ANALYZE's STAT4 samples. better-sqlite3 builds SQLite with SQLITE_ENABLE_STAT4; with
 * samples present, a statement that compares an indexed column with a bound parameter is
 * prepared again at every execution with new values (the value might change the plan), so the
 * statement cache saved nothing: a primary-key lookup by parameter cost 3.6 µs instead of 1.4,
 * the one-statement permission check 42 µs instead of 3.2 (measured on this project's machine).
 * Every connection, of every process, reads the statistics when it loads the schema: the empty
 * table created and dropped is a schema change, which makes them all load them again.
 */
export const DROP_STAT4_SAMPLES = [
  'delete from sqlite_stat4',
  'create table batterydb_statistics_reload (x)',
  'drop table batterydb_statistics_reload',
] as const;

function dropStat4Samples(database: SQLite.Database): void {
  const present = database.prepare("select 1 from sqlite_schema where name = 'sqlite_stat4'").get();
  if (!present || !database.prepare('select 1 from sqlite_stat4 limit 1').get()) return;
  database
    .transaction(() => {
      for (const statement of DROP_STAT4_SAMPLES) database.exec(statement);
    })
    .immediate();
}

/**
 * A reading handle: in WAL mode it reads the last committed state without waiting for the
 * writer. `query_only` makes a routing mistake an error instead of a second writer.
 */
export function openReader(path: string, options: SqliteHandleOptions = {}): SQLite.Database {
  const database = new SQLite(path);
  configure(database, options);
  database.pragma('query_only = ON');
  return database;
}
