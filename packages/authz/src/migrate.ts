import { type Kysely, type Migration, type MigrationResultSet, Migrator } from 'kysely';
import type { AuthzContext } from './context.ts';
import { syncPermissions } from './permissions/sync-permissions.ts';
import type { RoleDefinition } from './roles/define-roles.ts';
import { type RoleSyncReport, syncRoles } from './roles/sync-roles.ts';
import { authzMigrations } from './schema/migrations.ts';

export interface MigrateReport {
  applied: string[];
  permissionsCreated: number;
  roles: RoleSyncReport[];
}

/**
 * Brings the database to the latest schema, then makes the registered permissions and the
 * declared roles exist — in that order and in one transaction, so that roles never meet a
 * missing permission (Django ticket #23422) and a half-synced state is never visible.
 * Safe to run at every start: a second run applies nothing and changes nothing.
 */
export async function migrate(
  ctx: AuthzContext,
  options: { migrations: Record<string, Migration>; roles: readonly RoleDefinition[] },
): Promise<MigrateReport> {
  const all = { ...authzMigrations, ...options.migrations };
  const migrator = new Migrator({
    db: ctx.db as Kysely<unknown>,
    provider: { getMigrations: () => Promise.resolve(all) },
    // The kit and the application add migrations independently; names are dates, and one
    // written later in the kit may sort before an application's older one.
    allowUnorderedMigrations: true,
  });
  const result: MigrationResultSet = await migrator.migrateToLatest();
  if (result.error) throw result.error instanceof Error ? result.error : new Error('migration failed');
  const applied = (result.results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);

  return ctx.db.transaction().execute(async (trx) => {
    const inner: AuthzContext = { ...ctx, db: trx };
    const { created } = await syncPermissions(inner);
    const roles = await syncRoles(inner, options.roles);
    return { applied, permissionsCreated: created, roles };
  });
}
