import { type Kysely, type Migration, Migrator } from 'kysely';
import { authzMigrations } from '../../src/schema/migrations.ts';

/**
 * What `migrate` did before the kit had a migration table of its own: the kit's migrations and
 * the application's ran through one Kysely `Migrator` on its default table (`kysely_migration`).
 * `only` picks the kit migrations that existed then (all by default). For tests of the upgrade.
 */
export async function migrateAsBefore(
  db: Kysely<unknown>,
  appMigrations: Record<string, Migration>,
  only: (name: string) => boolean = () => true,
): Promise<string[]> {
  const kit = Object.fromEntries(Object.entries(authzMigrations).filter(([name]) => only(name)));
  const migrator = new Migrator({
    db,
    provider: { getMigrations: () => Promise.resolve({ ...kit, ...appMigrations }) },
    allowUnorderedMigrations: true,
  });
  const result = await migrator.migrateToLatest();
  if (result.error)
    throw result.error instanceof Error
      ? result.error
      : new Error('migration failed', { cause: result.error });
  return (result.results ?? []).map((r) => r.migrationName);
}

/** The kit's migration names, as its own table should hold them after an upgrade. */
export const kitMigrationNames: readonly string[] = Object.keys(authzMigrations).sort();
