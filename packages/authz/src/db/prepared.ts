import { type Compilable, type CompiledQuery, type Kysely, type QueryResult } from 'kysely';
import { dialectOf } from './dialect.ts';

/**
 * Compiles a hot query once per dialect and reuses its SQL with new parameter values.
 * Building and compiling a Kysely query costs more than SQLite takes to run it (≈45 µs of
 * ≈65 µs for a primary-key lookup on this project's benchmark machine), and the permission
 * checks run a handful per decision.
 *
 * `build` is called once with sentinel arguments; each sentinel's position among the compiled
 * parameters is remembered. Only number arguments are supported, which is all the hot paths
 * take (ids and times); a sentinel that does not appear exactly once is a programming error.
 */
const SENTINEL_BASE = -7_300_000_000_000;

export function prepared<R, N extends number>(
  arity: N,
  build: (db: Kysely<never>, ...args: number[]) => Compilable<R>,
) {
  const cache = new Map<string, { query: CompiledQuery<R>; positions: number[] }>();
  return async (db: Kysely<never>, ...args: number[]): Promise<QueryResult<R>> => {
    if (args.length !== arity) throw new Error(`prepared query expects ${arity} arguments`);
    const key = dialectOf(db);
    let entry = cache.get(key);
    if (!entry) {
      const sentinels = args.map((_, i) => SENTINEL_BASE - i);
      const query = build(db, ...sentinels).compile();
      const positions = sentinels.map((s) => {
        const at = query.parameters.indexOf(s);
        if (at < 0 || query.parameters.lastIndexOf(s) !== at)
          throw new Error('prepared: each argument must be used exactly once');
        return at;
      });
      entry = { query, positions };
      cache.set(key, entry);
    }
    const parameters = [...entry.query.parameters];
    entry.positions.forEach((at, i) => (parameters[at] = args[i]));
    return db.executeQuery<R>({ ...entry.query, parameters });
  };
}
