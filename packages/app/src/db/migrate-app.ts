import { type Kysely, type Migration, Migrator } from 'kysely';
import { appMigrations } from './migrations/index.ts';

/**
 * BatteryDB's own migrations, through Kysely's `Migrator` with its default tables
 * (`kysely_migration`); the kit keeps its own (`authz_migration`) and runs first, since app
 * tables reference the kit's (grant tables, owners). Returns the names applied. `migrations`:
 * a subset, for a test that builds a database as an earlier release left it.
 */
export async function migrateApp(
  db: Kysely<unknown>,
  migrations: Record<string, Migration> = appMigrations,
): Promise<string[]> {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: () => Promise.resolve(migrations) },
    // Helpers on parallel branches add migrations independently; names are dates.
    allowUnorderedMigrations: true,
  });
  const result = await migrator.migrateToLatest();
  if (result.error) throw result.error instanceof Error ? result.error : new Error('migration failed');
  return (result.results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
