import { existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { type DatabaseConfig, redactDatabaseUrl } from '../config/database-url.ts';
import { ConfigError } from '../config/database-url.ts';

// The same number parsing as the app's connections (db/connect.ts): int8 and numeric as numbers.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (value) => Number(value));

/**
 * One connection to either dialect, below Kysely: backup, restore and copy move rows of tables
 * they discover at run time (no schema type describes them) as arrays, in batches, on one
 * connection (a snapshot or a transaction lives on one). SQL is written with `?` placeholders
 * and double-quoted identifiers, which both dialects read.
 */
export interface RawDatabase {
  readonly dialect: DatabaseConfig['dialect'];
  /** Rows as arrays, columns in the order selected. */
  rows(text: string, params?: readonly unknown[]): Promise<unknown[][]>;
  run(text: string, params?: readonly unknown[]): Promise<void>;
  close(): Promise<void>;
}

/** `?` → `$1, $2, …` for node-postgres (our statements never hold a literal `?`). */
function numbered(text: string): string {
  let n = 0;
  return text.replace(/\?/g, () => `$${(n += 1)}`);
}

function openSqlite(path: string, role: Role): RawDatabase {
  // A source that is not there is a typo, not an empty database to create.
  if (role === 'source' && !existsSync(path)) throw new Error('no such file');
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new SQLite(path);
  db.pragma('busy_timeout = 5000');
  db.pragma('journal_mode = WAL');
  return {
    dialect: 'sqlite',
    rows: (text, params = []) => {
      const statement = db.prepare(text);
      return Promise.resolve(
        statement.reader
          ? (statement.raw(true).all(...params) as unknown[][])
          : (statement.run(...params), []),
      );
    },
    run: (text, params = []) => {
      if (params.length === 0) db.exec(text);
      else db.prepare(text).run(...params);
      return Promise.resolve();
    },
    close: () => Promise.resolve(void db.close()),
  };
}

async function openPostgres(url: string): Promise<RawDatabase> {
  const client = new pg.Client({ connectionString: url });
  client.on('error', () => undefined);
  await client.connect();
  return {
    dialect: 'postgres',
    rows: async (text, params = []) =>
      (await client.query<unknown[]>({ text: numbered(text), values: [...params], rowMode: 'array' })).rows,
    run: async (text, params = []) => void (await client.query(numbered(text), [...params])),
    close: () => client.end(),
  };
}

/** What the connection is for: a source is read and must exist; a target may be created. */
export type Role = 'source' | 'target';

/** Opens one raw connection; failures are one {@link ConfigError} line. */
export async function openRaw(config: DatabaseConfig, role: Role): Promise<RawDatabase> {
  try {
    return config.dialect === 'sqlite' ? openSqlite(config.path, role) : await openPostgres(config.url);
  } catch (error) {
    throw new ConfigError(`cannot open ${redactDatabaseUrl(config)}: ${(error as Error).message}`);
  }
}

/** A double-quoted identifier (names come from the database's own catalogue). */
export function ident(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
