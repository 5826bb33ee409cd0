import {
  type Compilable,
  type CompiledQuery,
  type Kysely,
  type KyselyPlugin,
  type QueryResult,
} from 'kysely';
import { dialectOf } from './dialect.ts';

/**
 * Compiles a hot query once per kind of Kysely instance and reuses its SQL with new parameter
 * values. Building and compiling a Kysely query costs more than SQLite takes to run it (≈45 µs
 * of ≈65 µs for a primary-key lookup on this project's benchmark machine), and the permission
 * checks run one or more per decision.
 *
 * `build` is called once with sentinel arguments; every position of each sentinel among the
 * compiled parameters is remembered (an argument may be used several times), and later calls
 * put their values there. Arguments are ids, times and token hashes ({@link Slot}: a number or a
 * string); a sentinel that does not appear at all is a programming error.
 *
 * The compiled SQL depends on the dialect and on the instance's plugins (a schema or a naming
 * plugin rewrites it), so it is kept per dialect and per plugin list (by the plugins' identity):
 * two Kysely instances that produce different SQL never share an entry.
 */
const SENTINEL_BASE = -7_300_000_000_000;

/**
 * An argument as `build` sees it: a placeholder that goes where a number or a string goes. The
 * builder must pass it on as a value (a comparison, an insert), never compute with it.
 */
export type Slot = number & string;
/** An argument's value at a call. */
export type SlotValue = number | string;

export interface CompiledSlots<R> {
  query: CompiledQuery<R>;
  /** For each argument, its positions among the parameters. */
  positions: number[][];
}

/** A node of the key trie: one per (dialect, plugin, plugin, …) path. */
interface KeyNode {
  readonly next: WeakMap<KyselyPlugin, KeyNode>;
}
const roots = new Map<string, KeyNode>();

/** The same object for every Kysely instance (or transaction of one) that compiles the same SQL. */
export function compileKey(db: Kysely<never>): object {
  const executor = db.getExecutor();
  const dialect = dialectOf(db);
  let node: KeyNode | undefined = roots.get(dialect);
  if (!node) roots.set(dialect, (node = { next: new WeakMap() }));
  for (const plugin of executor.plugins) {
    let child: KeyNode | undefined = node.next.get(plugin);
    if (!child) node.next.set(plugin, (child = { next: new WeakMap() }));
    node = child;
  }
  return node;
}

/** Compiles `build` with sentinels and finds where each argument went. */
export function compileWithSlots<R>(
  db: Kysely<never>,
  arity: number,
  build: (db: Kysely<never>, ...args: Slot[]) => Compilable<R>,
): CompiledSlots<R> {
  const sentinels = Array.from({ length: arity }, (_, i) => (SENTINEL_BASE - i) as Slot);
  const query = build(db, ...sentinels).compile();
  const positions = sentinels.map((s) => {
    const at: number[] = [];
    query.parameters.forEach((value, i) => value === s && at.push(i));
    if (at.length === 0) throw new Error('prepared: every argument must be used at least once');
    return at;
  });
  return { query, positions };
}

/** The compiled query with these arguments in their places. */
export function bindSlots<R>(entry: CompiledSlots<R>, args: readonly SlotValue[]): CompiledQuery<R> {
  const parameters = [...entry.query.parameters];
  for (let i = 0; i < args.length; i++) for (const at of entry.positions[i]!) parameters[at] = args[i];
  return { ...entry.query, parameters };
}

export function prepared<R, N extends number>(
  arity: N,
  build: (db: Kysely<never>, ...args: Slot[]) => Compilable<R>,
) {
  const cache = new WeakMap<object, CompiledSlots<R>>();
  return async (db: Kysely<never>, ...args: SlotValue[]): Promise<QueryResult<R>> => {
    if (args.length !== arity) throw new Error(`prepared query expects ${arity} arguments`);
    const key = compileKey(db);
    let entry = cache.get(key);
    if (!entry) cache.set(key, (entry = compileWithSlots(db, arity, build)));
    return db.executeQuery<R>(bindSlots(entry, args));
  };
}
