import { PostgresAdapter, SqliteAdapter } from 'kysely';

export type DialectName = 'sqlite' | 'postgres';

/** The two dialects differ only in DDL details (identity columns) and a few functions. */
export function dialectOf(db: { getExecutor(): { readonly adapter: object } }): DialectName {
  const adapter = db.getExecutor().adapter;
  if (adapter instanceof PostgresAdapter) return 'postgres';
  if (adapter instanceof SqliteAdapter) return 'sqlite';
  throw new Error('authz supports the SQLite and PostgreSQL dialects only');
}
