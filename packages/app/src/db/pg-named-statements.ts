import { createHash } from 'node:crypto';
import type pg from 'pg';
import { isArrayRows } from './array-rows.ts';
import { lruEntry } from './lru-entry.ts';

/**
 * Named prepared statements for the queries a process runs again and again (PostgreSQL).
 *
 * node-postgres sends an unnamed query through Parse, Bind and Execute every time: PostgreSQL
 * parses and plans it anew. Given a `name`, it parses once per connection and later runs only
 * Bind and Execute; for the one-statement permission check that was 231 µs instead of 1,045 on
 * this project's machine (planning is most of a small query's cost). Kysely calls
 * `client.query(text, values)`; this wraps each pooled client's `query` so that a statement
 * becomes named once its text has been seen `admitAfter` times by the process — the hot
 * queries, not the one-offs (an `IN` list of another length is another text).
 *
 * - The name is a hash of the SQL text, so two Kysely instances, plugins or kit versions that
 *   produce different SQL never share a statement, and equal text always means the same one.
 * - Bounded: at most `perConnection` names per connection (PostgreSQL keeps each one's
 *   plan for the connection's life); past that, statements run unnamed as before. The texts
 *   counted are bounded too (`textsCounted`, least recently seen forgotten first).
 * - A statement marked with `ARRAY_ROWS` returns arrays (`rowMode: 'array'`).
 * - A named statement whose result columns changed under it (a migration altered a table the
 *   connection had prepared `select *` on: SQLSTATE 0A000) is run unnamed from then on, and the
 *   failed run is repeated at once when no transaction was open (nothing was aborted).
 */
export interface NamedStatementOptions {
  /** Runs of a text (in this process) after which it is prepared by name. */
  admitAfter?: number;
  /** Named statements one connection keeps at most. */
  perConnection?: number;
  /** Statement texts whose runs are counted at most. */
  textsCounted?: number;
}
export const NAMED_STATEMENT_DEFAULTS: Required<NamedStatementOptions> = {
  admitAfter: 2,
  perConnection: 200,
  textsCounted: 2000,
};

type QueryResult = pg.QueryResult<Record<string, unknown>>;
type Query = (
  text: string | pg.QueryConfig | pg.QueryArrayConfig,
  values?: unknown[],
) => Promise<QueryResult>;

interface Seen {
  name: string;
  count: number;
}

const TRANSACTION_START = /^\s*(begin|start\s+transaction)\b/i;
const TRANSACTION_END = /^\s*(commit|rollback|end|abort)\b/i;

function isPlanChanged(error: unknown): boolean {
  return (
    (error as { code?: unknown }).code === '0A000' &&
    /cached plan must not change result type/.test((error as Error).message)
  );
}

/** Counts statement texts for the whole process (every connection of the pool). */
class TextCounter {
  readonly #seen = new Map<string, Seen>();
  constructor(readonly options: Required<NamedStatementOptions>) {}

  /** The statement's name once it is hot, else null. */
  admit(text: string): string | null {
    const entry = lruEntry(this.#seen, text, this.options.textsCounted, () => ({
      name: `b_${createHash('sha1').update(text).digest('base64url')}`,
      count: 0,
    }));
    entry.count += 1;
    return entry.count >= this.options.admitAfter ? entry.name : null;
  }
}

function wrapClient(client: pg.PoolClient, counter: TextCounter): void {
  const original = client.query.bind(client) as unknown as Query;
  const named = new Set<string>();
  const unnamedOnly = new Set<string>();
  let inTransaction = false;
  const query = async (config: unknown, values?: unknown, callback?: unknown): Promise<QueryResult> => {
    if (typeof config !== 'string' || callback !== undefined || !Array.isArray(values))
      return (original as (...args: unknown[]) => Promise<QueryResult>)(config, values, callback);
    if (TRANSACTION_START.test(config)) inTransaction = true;
    else if (TRANSACTION_END.test(config)) inTransaction = false;
    const arrays = isArrayRows(config);
    const unnamed = () =>
      arrays ? original({ text: config, values, rowMode: 'array' }) : original(config, values);
    const name = values.length > 0 ? counter.admit(config) : null;
    if (
      name === null ||
      unnamedOnly.has(name) ||
      (!named.has(name) && named.size >= counter.options.perConnection)
    )
      return unnamed();
    named.add(name);
    try {
      return await original({ name, text: config, values, ...(arrays ? { rowMode: 'array' } : {}) });
    } catch (error) {
      if (!isPlanChanged(error)) throw error;
      unnamedOnly.add(name);
      if (inTransaction) throw error;
      return unnamed();
    }
  };
  (client as unknown as { query: typeof query }).query = query;
}

/** Makes every client of `pool` prepare its hot statements by name (see above). */
export function useNamedStatements(pool: pg.Pool, options: NamedStatementOptions = {}): void {
  const counter = new TextCounter({ ...NAMED_STATEMENT_DEFAULTS, ...options });
  pool.on('connect', (client) => wrapClient(client, counter));
}
