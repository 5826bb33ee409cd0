import type SQLite from 'better-sqlite3';
import {
  CompiledQuery,
  type DatabaseConnection,
  type DatabaseIntrospector,
  type Dialect,
  type DialectAdapter,
  type Driver,
  type Kysely,
  type QueryCompiler,
  type QueryResult,
  RawNode,
  SelectQueryNode,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
} from 'kysely';
import { isArrayRows } from './array-rows.ts';
import { FifoLock } from './fifo-lock.ts';
import { lruEntry } from './lru-entry.ts';

/** What one committed write transaction (or one auto-committed write statement) did. */
export interface WriteTransactionInfo {
  statements: number;
  /** Rows inserted, updated or deleted. */
  rowsChanged: number;
}

export interface SqliteHandles {
  writer: SQLite.Database;
  /** A second handle on the same file for reads; null when there is only one (`:memory:`). */
  reader: SQLite.Database | null;
  /** Called after each write transaction commits (tests count how much one transaction holds). */
  onWriteTransaction?: (info: WriteTransactionInfo) => void;
  /** Prepared statements kept per handle (default {@link STATEMENT_CACHE_SIZE}). */
  statementCacheSize?: number;
}

/** Enough for every statement shape the app runs hot; one-offs (an `IN` list of another length) cycle out. */
export const STATEMENT_CACHE_SIZE = 200;

/** Reads run on the reader; everything else on the writer. `with … delete` is not a read. */
function isRead(query: CompiledQuery): boolean {
  if (SelectQueryNode.is(query.query)) return true;
  return RawNode.is(query.query) && /^\s*select\b/i.test(query.sql);
}

/**
 * Prepared statements by SQL text, per handle, least recently used dropped first. Preparing is
 * not free: for the import's 500-row INSERT it took longer (≈1.3 ms) than running it (≈0.7 ms).
 * SQLite re-prepares a cached statement by itself when the schema changed.
 */
class StatementCache {
  readonly #database: SQLite.Database;
  readonly #statements = new Map<string, SQLite.Statement>();

  constructor(
    database: SQLite.Database,
    readonly size: number,
  ) {
    this.#database = database;
  }

  get(sql: string): SQLite.Statement {
    return lruEntry(this.#statements, sql, this.size, () => {
      const statement = this.#database.prepare(sql);
      if (isArrayRows(sql)) statement.raw(true);
      return statement;
    });
  }
}

function run<R>(statements: StatementCache, query: CompiledQuery): QueryResult<R> & { changes: number } {
  const statement = statements.get(query.sql);
  if (statement.reader) {
    const rows = statement.all(query.parameters) as R[];
    // `insert … returning` is a reader too: its rows are the rows it changed.
    return { rows, changes: statement.readonly ? 0 : rows.length };
  }
  const { changes, lastInsertRowid } = statement.run(query.parameters);
  return {
    rows: [],
    changes,
    numAffectedRows: BigInt(changes),
    insertId: BigInt(lastInsertRowid),
  };
}

/**
 * One Kysely connection as Kysely sees it: a fresh one per query or transaction. Outside a
 * transaction each statement goes to its handle (reads never queue behind writes); a
 * transaction holds the process's writer lock from BEGIN IMMEDIATE to COMMIT.
 */
class RoutingConnection implements DatabaseConnection {
  readonly #driver: SqliteReadWriteDriver;
  #transaction: WriteTransactionInfo | null = null;

  constructor(driver: SqliteReadWriteDriver) {
    this.#driver = driver;
  }

  async begin(): Promise<void> {
    await this.#driver.lock.acquire();
    try {
      // IMMEDIATE takes the file's write lock now: a deferred transaction that reads first
      // could fail to upgrade (SQLITE_BUSY_SNAPSHOT) when another process wrote meanwhile.
      this.#driver.handles.writer.exec('begin immediate');
      this.#transaction = { statements: 0, rowsChanged: 0 };
    } catch (error) {
      this.#driver.lock.release();
      throw error;
    }
  }

  commit(): void {
    // A failing COMMIT keeps the lock: Kysely rolls back next, and that releases it.
    this.#driver.handles.writer.exec('commit');
    const info = this.#transaction;
    this.#finish();
    if (info && info.rowsChanged > 0) this.#driver.handles.onWriteTransaction?.(info);
  }

  rollback(): void {
    try {
      if (this.#driver.handles.writer.inTransaction) this.#driver.handles.writer.exec('rollback');
    } finally {
      this.#finish();
    }
  }

  /** Releases the writer lock if this connection still holds it (Kysely always releases). */
  #finish(): void {
    if (this.#transaction === null) return;
    this.#transaction = null;
    this.#driver.lock.release();
  }

  /** Kysely releases every connection; one still in a transaction rolls back here. */
  release(): void {
    if (this.#transaction !== null) this.rollback();
  }

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    const { writer, reader } = this.#driver.statements;
    if (this.#transaction !== null) {
      const result = run<R>(writer, query);
      this.#transaction.statements += 1;
      this.#transaction.rowsChanged += result.changes;
      return result;
    }
    if (reader !== null && isRead(query)) return run<R>(reader, query);
    // A write on its own is its own transaction: it still queues for the writer.
    await this.#driver.lock.acquire();
    try {
      const result = run<R>(writer, query);
      if (result.changes > 0)
        this.#driver.handles.onWriteTransaction?.({ statements: 1, rowsChanged: result.changes });
      return result;
    } finally {
      this.#driver.lock.release();
    }
  }

  /**
   * Streams are read whole and handed out in pieces: better-sqlite3's lazy `iterate()` would
   * keep the handle busy between pieces, and every other read of the process would fail.
   */
  async *streamQuery<R>(query: CompiledQuery, chunkSize = 1000): AsyncIterableIterator<QueryResult<R>> {
    const { rows } = await this.executeQuery<R>(query);
    for (let start = 0; start < rows.length; start += chunkSize)
      yield { rows: rows.slice(start, start + chunkSize) };
  }
}

class SqliteReadWriteDriver implements Driver {
  readonly handles: SqliteHandles;
  readonly statements: { writer: StatementCache; reader: StatementCache | null };
  readonly lock = new FifoLock();

  constructor(handles: SqliteHandles) {
    this.handles = handles;
    const size = handles.statementCacheSize ?? STATEMENT_CACHE_SIZE;
    this.statements = {
      writer: new StatementCache(handles.writer, size),
      reader: handles.reader ? new StatementCache(handles.reader, size) : null,
    };
  }

  init(): Promise<void> {
    return Promise.resolve();
  }

  acquireConnection(): Promise<DatabaseConnection> {
    return Promise.resolve(new RoutingConnection(this));
  }

  beginTransaction(connection: DatabaseConnection): Promise<void> {
    return (connection as RoutingConnection).begin();
  }

  commitTransaction(connection: DatabaseConnection): Promise<void> {
    (connection as RoutingConnection).commit();
    return Promise.resolve();
  }

  rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    (connection as RoutingConnection).rollback();
    return Promise.resolve();
  }

  async savepoint(connection: DatabaseConnection, name: string): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw(`savepoint "${name}"`));
  }

  async rollbackToSavepoint(connection: DatabaseConnection, name: string): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw(`rollback to "${name}"`));
  }

  async releaseSavepoint(connection: DatabaseConnection, name: string): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw(`release "${name}"`));
  }

  releaseConnection(connection: DatabaseConnection): Promise<void> {
    (connection as RoutingConnection).release();
    return Promise.resolve();
  }

  destroy(): Promise<void> {
    this.handles.reader?.close();
    this.handles.writer.close();
    return Promise.resolve();
  }
}

/**
 * SQLite as BatteryDB uses it (SPEC §7): one writing handle per process behind a FIFO lock and
 * one reading handle, over one file in WAL mode. Reads never wait for a writer; writes of this
 * process queue in arrival order, so a short write waits for at most the transaction in front
 * of it (imports write in chunks of ≤ one parser batch); other processes' writes wait for the
 * file lock up to the busy timeout. Kysely's own SqliteDialect has one handle and one mutex for
 * everything, so a long transaction there stalls every read too.
 */
export class SqliteReadWriteDialect implements Dialect {
  readonly #handles: SqliteHandles;

  constructor(handles: SqliteHandles) {
    this.#handles = handles;
  }

  createDriver(): Driver {
    return new SqliteReadWriteDriver(this.#handles);
  }

  createQueryCompiler(): QueryCompiler {
    return new SqliteQueryCompiler();
  }

  createAdapter(): DialectAdapter {
    return new SqliteAdapter();
  }

  createIntrospector(db: Kysely<unknown>): DatabaseIntrospector {
    return new SqliteIntrospector(db);
  }
}
