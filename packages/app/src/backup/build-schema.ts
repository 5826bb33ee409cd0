import { authzMigrations } from '@batterydb/authz';
import { type Kysely, type Migration, Migrator } from 'kysely';
import { appMigrations } from '../db/migrations/index.ts';
import { BackupRefusal } from './backup-refusal.ts';
import { ident, type RawDatabase } from './raw-database.ts';
import type { Migrations } from './snapshot.ts';

const KNOWN = { authz_migration: authzMigrations, kysely_migration: appMigrations } as const;

/** Refuses a schema with migrations this code does not have (taken by a newer BatteryDB). */
export function checkKnownMigrations(migrations: Migrations): void {
  const unknown = (Object.keys(KNOWN) as (keyof Migrations)[]).flatMap((table) =>
    migrations[table].filter((name) => !(name in KNOWN[table])),
  );
  if (unknown.length)
    throw new BackupRefusal(
      'newer-schema',
      `the data is from a newer BatteryDB (migrations ${unknown.join(', ')} are unknown here): upgrade BatteryDB first`,
    );
}

async function migrateOnly(
  db: Kysely<unknown>,
  all: Record<string, Migration>,
  names: string[],
  table: string,
) {
  const chosen = Object.fromEntries(names.map((name) => [name, all[name]!]));
  const migrator = new Migrator({
    db,
    provider: { getMigrations: () => Promise.resolve(chosen) },
    migrationTableName: table,
    migrationLockTableName: `${table}_lock`,
    allowUnorderedMigrations: true,
  });
  const result = await migrator.migrateToLatest();
  if (result.error) throw result.error instanceof Error ? result.error : new Error('migration failed');
}

/**
 * The schema exactly as the data was written in: the kit's migrations, then the app's, each
 * only those the source had applied (no permissions or roles synced: they come with the rows).
 * Later migrations run after the rows are in, as at any start, so they convert old data.
 */
export async function buildSchemaAt(db: Kysely<unknown>, migrations: Migrations): Promise<void> {
  checkKnownMigrations(migrations);
  await migrateOnly(db, authzMigrations, migrations.authz_migration, 'authz_migration');
  await migrateOnly(db, appMigrations, migrations.kysely_migration, 'kysely_migration');
}

/** Every table of the target (its migrators' included): restore and copy need an empty database. */
export async function tablesIn(db: RawDatabase): Promise<string[]> {
  const rows =
    db.dialect === 'sqlite'
      ? await db.rows(
          `select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name`,
        )
      : await db.rows(
          'select table_name from information_schema.tables where table_schema = current_schema() order by table_name',
        );
  return rows.map(([name]) => String(name));
}

/** Rows the migrations themselves wrote (the generation's slots): the data brings its own. */
export async function clearTables(db: RawDatabase, tables: readonly string[]): Promise<void> {
  for (const table of [...tables].reverse()) await db.run(`delete from ${ident(table)}`);
}

export function refuseNonEmpty(tables: readonly string[]): never {
  throw new BackupRefusal(
    'target-not-empty',
    `the target database already has tables (${tables.slice(0, 5).join(', ')}${tables.length > 5 ? ', …' : ''}): ` +
      'restore and copy write into an empty database only — a new SQLite file, or a PostgreSQL database made with createdb',
  );
}
