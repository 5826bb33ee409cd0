import type { CompiledQuery } from 'kysely';

/**
 * A statement whose SQL begins with this comment returns each row as an array of its column
 * values, in select order, instead of an object: both of BatteryDB's drivers honour it
 * (`sqlite-read-write-dialect.ts`: better-sqlite3's raw mode; `pg-named-statements.ts`:
 * node-postgres' `rowMode: 'array'`). Building an object per row, with a property per column,
 * was a third of a 51-row page query on SQLite. The comment is part of the text, so the
 * statement caches keep it apart from the same query returning objects.
 */
export const ARRAY_ROWS = '/* rows as arrays */ ';

export function isArrayRows(sql: string): boolean {
  return sql.startsWith(ARRAY_ROWS);
}

/** The query, returning arrays (see {@link ARRAY_ROWS}). */
export function withArrayRows<R>(query: CompiledQuery<R>): CompiledQuery<unknown[]> {
  return { ...query, sql: ARRAY_ROWS + query.sql };
}
