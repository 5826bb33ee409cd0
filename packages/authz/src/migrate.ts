import { type Kysely, type MigrationResultSet, Migrator } from 'kysely';
import type { AuthzContext } from './context.ts';
import { lockForMigration } from './db/migration-lock.ts';
import { syncPerms } from './permissions/sync-permissions.ts';
import type { RoleDefinition } from './roles/define-roles.ts';
import { type RoleSyncReport, syncRoles } from './roles/sync-roles.ts';
import { adoptLegacyMigrations } from './schema/adopt-legacy-migrations.ts';
import { authzMigrations } from './schema/migrations.ts';

export interface MigrateOptions {
  /** Roles to create and bring to their declaration (see `defineRoles`); none by default. */
  readonly roles?: readonly RoleDefinition[];
  /** The table recording the kit's own migrations (default `authz_migration`). */
  readonly migrationTableName?: string;
  /** Its lock table (default `authz_migration_lock`). */
  readonly migrationLockTableName?: string;
}

export interface MigrateReport {
  /** The kit's schema migrations this run applied (none when the schema was up to date). */
  readonly applied: string[];
  readonly permissionsCreated: number;
  readonly roles: RoleSyncReport[];
}

/**
 * Brings the kit's tables to the latest schema, then makes the registered permissions and the
 * declared roles exist — in that order and in one transaction, so that roles never meet a
 * missing permission (Django ticket #23422) and a half-synced state is never visible.
 * Safe to run at every start: a second run applies nothing and changes nothing.
 *
 * The kit records its migrations in a table of its own, so it lives beside the application's
 * own Kysely `Migrator` (whose default table is `kysely_migration`); run it before the
 * application's migrations, which may reference the kit's tables (grant tables do).
 */
export async function migrate(ctx: AuthzContext, options: MigrateOptions = {}): Promise<MigrateReport> {
  const migrationTableName = options.migrationTableName ?? 'authz_migration';
  const migrationLockTableName = options.migrationLockTableName ?? 'authz_migration_lock';
  const db = ctx.db as Kysely<unknown>;
  await adoptLegacyMigrations(db, migrationTableName);
  const migrator = new Migrator({
    db,
    provider: { getMigrations: () => Promise.resolve(authzMigrations) },
    migrationTableName,
    migrationLockTableName,
    // Helpers on parallel branches add kit migrations independently; names are dates.
    allowUnorderedMigrations: true,
  });
  const result: MigrationResultSet = await migrator.migrateToLatest();
  if (result.error) throw result.error instanceof Error ? result.error : new Error('migration failed');
  const applied = (result.results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);

  return ctx.db.transaction().execute(async (trx) => {
    await lockForMigration(trx);
    const inner: AuthzContext = { ...ctx, db: trx };
    const { created } = await syncPerms(inner);
    const roles = await syncRoles(inner, options.roles ?? []);
    return { applied, permissionsCreated: created, roles };
  });
}
