import { createAuthz, type PasswordHasher } from '@batterydb/authz';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { appMigrations } from '../db/migrations/index.ts';
import { type Perm, registry } from './registry.ts';
import { roles } from './roles.ts';

/** The authorization kit configured with BatteryDB's models and roles. */
export function createAppAuthz(db: Kysely<Database>, options: { hasher?: PasswordHasher } = {}) {
  const authz = createAuthz<Database, Perm>({
    db,
    registry,
    ...(options.hasher ? { hasher: options.hasher } : {}),
  });
  return {
    ...authz,
    /** Schema migrations, then permissions and roles (idempotent; run by `init` and at start). */
    migrateAll: () => authz.migrate({ migrations: appMigrations, roles }),
  };
}

export type AppAuthz = ReturnType<typeof createAppAuthz>;
