import { type Kysely, sql } from 'kysely';
import type { Database } from '../../db/schema.ts';

type Callback = (error: Error | null, result?: { current: number; ttl: number }) => void;

/**
 * Counts one hit of `key` and returns its window's count: one upsert, atomic on both dialects,
 * so concurrent processes and hosts share one count. A window starts at a key's first hit and
 * lasts `windowMs` (as the plugin's memory store does); the first hit after it starts the next.
 */
export async function countHit(
  db: Kysely<Database>,
  key: string,
  windowMs: number,
  now = Date.now(),
): Promise<{ current: number; ttl: number }> {
  const expired = sql<boolean>`rate_count.window_start <= ${now - windowMs}`;
  const row = await db
    .insertInto('rate_count')
    .values({ key, window_start: now, hits: 1 })
    .onConflict((oc) =>
      oc.column('key').doUpdateSet({
        hits: sql<number>`case when ${expired} then 1 else rate_count.hits + 1 end`,
        window_start: sql<number>`case when ${expired} then ${now} else rate_count.window_start end`,
      }),
    )
    .returning(['hits', 'window_start'])
    .executeTakeFirstOrThrow();
  return { current: Number(row.hits), ttl: Number(row.window_start) + windowMs - now };
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
