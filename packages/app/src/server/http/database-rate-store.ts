import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';

type Callback = (error: Error | null, result?: { current: number; ttl: number }) => void;

/**
 * Counts one hit of `key` in the fixed window containing `now` and returns the window's count:
 * one upsert, atomic on both dialects, so concurrent processes and hosts share one count.
 * A key's first hit in a window clears its older windows.
 */
export async function countHit(
  db: Kysely<Database>,
  key: string,
  windowMs: number,
  now = Date.now(),
): Promise<{ current: number; ttl: number }> {
  const windowStart = now - (now % windowMs);
  const row = await db
    .insertInto('rate_count')
    .values({ key, window_start: windowStart, hits: 1 })
    .onConflict((oc) =>
      oc
        .columns(['key', 'window_start'])
        .doUpdateSet((eb) => ({ hits: eb(eb.ref('rate_count.hits'), '+', 1) })),
    )
    .returning('hits')
    .executeTakeFirstOrThrow();
  const current = Number(row.hits);
  if (current === 1)
    await db
      .deleteFrom('rate_count')
      .where('key', '=', key)
      .where('window_start', '<', windowStart)
      .execute();
  return { current, ttl: windowStart + windowMs - now };
}

/**
 * A store for @fastify/rate-limit whose counts live in the database (issue 19: the plugin's
 * memory store counts per process, so a limit of 60 a minute was 60 per worker per host).
 * Usage: `app.register(rateLimit, { store: databaseRateStore(db) })`.
 */
export function databaseRateStore(db: Kysely<Database>) {
  return class DatabaseRateStore {
    incr(key: string, callback: Callback, timeWindow: number): void {
      countHit(db, key, timeWindow).then(
        (result) => callback(null, result),
        (error: unknown) => callback(error instanceof Error ? error : new Error(String(error))),
      );
    }

    child(): DatabaseRateStore {
      return new DatabaseRateStore();
    }
  };
}
