/**
 * One suite, every dialect (STYLE.md §4): test files loop over {@link DIALECTS} and ask for a
 * fresh, empty database of each. PostgreSQL comes from the cluster that `scripts/test.mjs`
 * starts (TEST_PG_URL); each call makes a new database in it, dropped at the end.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, sql, SqliteDialect } from 'kysely';
import pg from 'pg';

export type Dialect = 'sqlite' | 'postgres';

if (process.env.CI === 'true' && !process.env.TEST_PG_URL)
  throw new Error(
    'CI=true but TEST_PG_URL is not set: run the tests with `npm test`, which starts PostgreSQL',
  );

export const DIALECTS: readonly Dialect[] = process.env.TEST_PG_URL ? ['sqlite', 'postgres'] : ['sqlite'];

pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (value) => Number(value));

export interface TestDatabase {
  dialect: Dialect;
  /** A DATABASE_URL for the app: `sqlite:/tmp/…` or `postgres://…/t_…`. */
  url: string;
  /** Opens another independent connection (pool) to the same database. */
  open<DB = unknown>(): Kysely<DB>;
  drop(): Promise<void>;
}

export async function createTestDatabase(dialect: Dialect): Promise<TestDatabase> {
  const opened: { destroy(): Promise<void> }[] = [];
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'batterydb-test-'));
    const path = join(dir, 'test.sqlite');
    return {
      dialect,
      url: `sqlite:${path}`,
      open<DB>() {
        const database = new SQLite(path);
        database.pragma('journal_mode = WAL');
        database.pragma('foreign_keys = ON');
        database.pragma('busy_timeout = 5000');
        const db = new Kysely<DB>({ dialect: new SqliteDialect({ database }) });
        opened.push(db);
        return db;
      },
      async drop() {
        await Promise.all(opened.map((db) => db.destroy()));
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const admin = process.env.TEST_PG_URL;
  if (!admin) throw new Error('TEST_PG_URL is not set');
  const name = `t_${process.pid}_${randomBytes(4).toString('hex')}`;
  const adminDb = new Kysely<unknown>({
    dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: admin, max: 1 }) }),
  });
  await sql.raw(`create database ${name}`).execute(adminDb);
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return {
    dialect,
    url: url.toString(),
    open<DB>() {
      const pool = new pg.Pool({ connectionString: url.toString(), max: 4 });
      // `drop database … with (force)` may end an idle client after `pool.end()` resolved.
      pool.on('error', () => undefined);
      const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
      opened.push(db);
      return db;
    },
    async drop() {
      await Promise.all(opened.map((db) => db.destroy()));
      await sql.raw(`drop database if exists ${name} with (force)`).execute(adminDb);
      await adminDb.destroy();
    },
  };
}
