import { type Kysely, sql } from 'kysely';
import { connect } from '../db/connect.ts';
import type { Database } from '../db/schema.ts';
import { sqlitePointWriter } from '../measurements/sqlite-point-writer.ts';
import type { ImportRunner } from './import-session.ts';

/** This process's import writes per SQLite file, one after the other (SQLite has one writer). */
const queues = new Map<string, Promise<unknown>>();

function queued<T>(key: string, run: () => Promise<T>): Promise<T> {
  const result = (queues.get(key) ?? Promise.resolve()).then(run, run);
  const tail = result.catch(() => undefined);
  queues.set(key, tail);
  void tail.then(() => {
    if (queues.get(key) === tail) queues.delete(key);
  });
  return result;
}

/**
 * SQLite. The app's connection is a single handle that Kysely serialises, so a long transaction
 * on it would stall every other request, reads included. Each import's transaction opens its
 * own handle on the same file instead (WAL: readers go on and see the last commit) and starts
 * with `BEGIN IMMEDIATE`, taking the write lock up front rather than failing to upgrade a read
 * lock later. Import transactions and import-record writes of this process queue for the lock,
 * so a second upload waits for the first instead of failing on the busy timeout. Other writers
 * (a sign-in, an edit) wait up to the busy timeout (5 s) while an import writes — the upload is
 * spooled first so that time is parsing and writing, never the network; about 20 s per million
 * samples on the benchmark machine, so very large tests belong on PostgreSQL.
 */
export function sqliteImportRunner(
  config: { dialect: 'sqlite'; path: string },
  db: Kysely<Database>,
): ImportRunner {
  return {
    record: (fn) => queued(config.path, () => fn(db)),
    transaction: (fn) =>
      queued(config.path, async () => {
        const own = await connect(config);
        try {
          await sql`begin immediate`.execute(own.db);
          try {
            const result = await fn({ db: own.db, points: sqlitePointWriter(own.db) });
            await sql`commit`.execute(own.db);
            return result;
          } catch (error) {
            await sql`rollback`.execute(own.db);
            throw error;
          }
        } finally {
          await own.close();
        }
      }),
    // SQLite plans these key-range reads well without statistics.
    afterImport: () => Promise.resolve(),
  };
}
