import type { RawDatabase } from './raw-database.ts';

/**
 * Runs `read` inside one read-only snapshot, so every table is read as of one instant while the
 * site keeps writing: SQLite, one deferred read transaction (in WAL mode its first read pins the
 * snapshot; writers go on appending to the WAL and never wait for it); PostgreSQL, one
 * REPEATABLE READ READ ONLY transaction (its snapshot is taken at its first statement).
 */
export async function inSnapshot<T>(db: RawDatabase, read: () => Promise<T>): Promise<T> {
  await db.run(
    db.dialect === 'sqlite' ? 'begin deferred' : 'begin isolation level repeatable read read only',
  );
  try {
    await db.rows(`select count(*) from ${db.dialect === 'sqlite' ? 'sqlite_master' : 'pg_class'}`);
    const result = await read();
    await db.run('commit');
    return result;
  } catch (error) {
    await db.run('rollback').catch(() => undefined);
    throw error;
  }
}

/** The migration names a migrator table records (none when the table does not exist yet). */
export async function appliedMigrations(db: RawDatabase, table: string): Promise<string[]> {
  const exists =
    db.dialect === 'sqlite'
      ? await db.rows(`select 1 from sqlite_master where type = 'table' and name = ?`, [table])
      : await db.rows(
          'select 1 from information_schema.tables where table_schema = current_schema() and table_name = ?',
          [table],
        );
  if (exists.length === 0) return [];
  return (await db.rows(`select name from "${table}" order by name`)).map(([name]) => String(name));
}

/** The two migrators' tables: the kit's, then the app's (ARCHITECTURE "Database"). */
export const MIGRATION_TABLES = ['authz_migration', 'kysely_migration'] as const;
export type Migrations = Record<(typeof MIGRATION_TABLES)[number], string[]>;

export async function readMigrations(db: RawDatabase): Promise<Migrations> {
  return {
    authz_migration: await appliedMigrations(db, 'authz_migration'),
    kysely_migration: await appliedMigrations(db, 'kysely_migration'),
  };
}
