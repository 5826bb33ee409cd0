export type DialectName = 'sqlite' | 'postgres';

type WithAdapter = { getExecutor(): { readonly adapter: object } };

/** Detected or declared dialect per Kysely adapter (shared by a Kysely and all its transactions). */
const known = new WeakMap<object, DialectName>();

/**
 * The adapter's class, or one it extends, by name. Not `instanceof`: an application may hold
 * another copy of Kysely than the kit (two versions installed, or Kysely's CommonJS build beside
 * its ES module build), and a class of one copy is never an instance of the other's.
 */
function detect(adapter: object): DialectName | undefined {
  for (let proto: unknown = Object.getPrototypeOf(adapter); proto; proto = Object.getPrototypeOf(proto)) {
    const name = (proto as { constructor?: { name?: unknown } }).constructor?.name;
    if (name === 'PostgresAdapter') return 'postgres';
    if (name === 'SqliteAdapter') return 'sqlite';
  }
  return undefined;
}

/**
 * Says which SQL a third-party dialect speaks when its adapter is not (a subclass of) Kysely's
 * `SqliteAdapter` or `PostgresAdapter`; `createAuthz({ dialect })` calls it.
 */
export function declareDialect(db: WithAdapter, dialect: DialectName): void {
  known.set(db.getExecutor().adapter, dialect);
}

/** The two dialects differ only in DDL details (identity columns) and a few functions. */
export function dialectOf(db: WithAdapter): DialectName {
  const adapter = db.getExecutor().adapter;
  const cached = known.get(adapter);
  if (cached) return cached;
  const found = detect(adapter);
  if (!found)
    throw new Error(
      `@batterydb/authz supports the SQLite and PostgreSQL dialects only; this Kysely's adapter ` +
        `(${adapter.constructor.name}) is neither. A dialect that speaks one of them: ` +
        `createAuthz({ dialect: 'sqlite' | 'postgres', … }).`,
    );
  known.set(adapter, found);
  return found;
}
