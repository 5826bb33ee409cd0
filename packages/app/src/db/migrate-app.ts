import { type Kysely, type Migration, Migrator } from 'kysely';
import { appMigrations } from './migrations/index.ts';

/**
 * BatteryDB's own migrations, through Kysely's `Migrator` with its default tables
 * (`kysely_migration`); the kit keeps its own (`authz_migration`) and runs first, since app
 * tables reference the kit's (grant tables, owners). Returns the names applied.
 *
 * `upTo` stops after the named migration (names sort as dates): the schema of an earlier
 * release, which the upgrade tests fill with data before migrating the rest. `migrations`: a
 * subset (default all), for a test that builds a database as an earlier release left it.
 */
export async function migrateApp(
  db: Kysely<unknown>,
  options: { upTo?: string; migrations?: Record<string, Migration> } = {},
): Promise<string[]> {
  const migrations = options.migrations ?? appMigrations;
  const migrator = new Migrator({
    db,
    provider: { getMigrations: () => Promise.resolve(migrations) },
    // Helpers on parallel branches add migrations independently; names are dates.
    allowUnorderedMigrations: true,
  });
  const result =
    options.upTo === undefined ? await migrator.migrateToLatest() : await migrator.migrateTo(options.upTo);
  if (result.error) throw result.error instanceof Error ? result.error : new Error('migration failed');
  return (result.results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/** The migration just before `name` in the order they run (names sort as dates). */
export function migrationBefore(name: string): string {
  const names = Object.keys(appMigrations).sort();
  const at = names.indexOf(name);
  if (at < 1) throw new Error(`no migration runs before ${name}`);
  return names[at - 1]!;
}
