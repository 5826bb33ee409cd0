import type { Kysely } from 'kysely';
import type { Connection } from '../db/connect.ts';
import type { Database } from '../db/schema.ts';
import type { PointWriter } from '../measurements/point-writer.ts';
import { sqlitePointWriter } from '../measurements/sqlite-point-writer.ts';
import { refreshStatistics, withPostgresImport } from './postgres-import-session.ts';
import { sqliteImportRunner } from './sqlite-import-session.ts';

/** An import's transaction: its database handle and the bulk writer for samples. */
export interface ImportSession {
  db: Kysely<Database>;
  points: PointWriter;
}

/** How an import reaches the database. */
export interface ImportRunner {
  /** A small write outside any import's transaction (the import record). */
  record<T>(fn: (db: Kysely<Database>) => Promise<T>): Promise<T>;
  /** The import's ONE transaction: a file that breaks at row 5,000 stores nothing. */
  transaction<T>(fn: (session: ImportSession) => Promise<T>): Promise<T>;
  /** After a committed import of `samples` samples (statistics upkeep). */
  afterImport(samples: number): Promise<void>;
}

/**
 * PostgreSQL: records on the app's pool, each import's transaction on a connection of its own
 * (postgres-import-session.ts). SQLite: see sqlite-import-session.ts. An in-memory SQLite
 * database (one handle, nothing to open beside it) runs everything on that handle.
 */
export function importRunner(connection: Connection): ImportRunner {
  const { config, db } = connection;
  if (config.dialect === 'postgres')
    return {
      record: (fn) => fn(db),
      transaction: (fn) => withPostgresImport(config.url, fn),
      afterImport: (samples) => refreshStatistics(db, samples),
    };
  if (config.path === ':memory:')
    return {
      record: (fn) => fn(db),
      transaction: (fn) => db.transaction().execute((trx) => fn({ db: trx, points: sqlitePointWriter(trx) })),
      afterImport: () => Promise.resolve(),
    };
  return sqliteImportRunner(config, db);
}
