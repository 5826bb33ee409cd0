import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { type AuthzTables, createAuthz } from '../../src/index.ts';
import { createTestDatabase, type Dialect, type TestDatabase } from '../../../../test-support/databases.ts';
import { countingHasher, testRegistry } from './kit.ts';

/**
 * A connection of its own to the test database. On PostgreSQL the pool ignores errors of idle
 * clients: `pool.end()` resolves before its clients' sockets close, and the `drop database …
 * with (force)` that follows may terminate them, which an unheard pool turns into an
 * uncaught exception.
 */
function open(database: TestDatabase, pools: Kysely<AuthzTables>[]): Kysely<AuthzTables> {
  if (database.dialect === 'sqlite') return database.open<AuthzTables>();
  const pool = new pg.Pool({ connectionString: database.url, max: 4 });
  pool.on('error', () => undefined);
  const db = new Kysely<AuthzTables>({ dialect: new PostgresDialect({ pool }) });
  pools.push(db);
  return db;
}

/** The kit on a fresh database with a clock the test moves; `another()` is a second process's kit. */
export async function kitWithClock(dialect: Dialect) {
  const database: TestDatabase = await createTestDatabase(dialect);
  const pools: Kysely<AuthzTables>[] = [];
  const clock = { now: Date.UTC(2026, 0, 1) };
  const hasher = countingHasher();
  const make = (db = open(database, pools)) =>
    createAuthz({ db, registry: testRegistry, hasher, now: () => new Date(clock.now) });
  const db = open(database, pools);
  const authz = make(db);
  await authz.migrate();
  return {
    database,
    /** The first kit's database handle, for reading the kit's tables directly. */
    db,
    authz,
    clock,
    hasher,
    another: make,
    async close() {
      await Promise.all(pools.map((db) => db.destroy()));
      await database.drop();
    },
  };
}
