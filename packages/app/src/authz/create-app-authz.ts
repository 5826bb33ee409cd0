import { createAuthz, type PasswordHasher } from '@batterydb/authz';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { migrateApp } from '../db/migrate-app.ts';
import { experimentPolicy } from '../experiments/policy.ts';
import { versionOnPublish } from '../datasets/version-on-publish.ts';
import { type Perm, registry } from './registry.ts';
import { roles } from './roles.ts';

export interface AppAuthzOptions {
  hasher?: PasswordHasher;
  /** Lets signed-out visitors view public experiments (off by default). */
  anonymousRead?: boolean;
  /** The clock (epoch ms); tests move it by hand. */
  now?: () => number;
  /** Users whose permission sets are kept across requests (the kit's default; 0: none). */
  subjectCacheSize?: number;
  /** Seals TOTP secrets at rest (`BATTERYDB_SECOND_FACTOR_KEY`, config/second-factor-key.ts). */
  secondFactorKey?: Uint8Array;
}

/** The authorization kit configured with BatteryDB's models, roles and experiment rules. */
export function createAppAuthz(db: Kysely<Database>, options: AppAuthzOptions = {}) {
  const policy = experimentPolicy({ anonymousRead: options.anonymousRead ?? false });
  const { now } = options;
  const authz = createAuthz<Database, Perm>({
    db,
    registry,
    policies: [policy],
    // Every path that makes an experiment public (status change, approved request, bulk) freezes
    // its first version in the same transaction (issue 26).
    hooks: [{ policy, hooks: { afterUpdate: versionOnPublish } }],
    ...(options.hasher ? { hasher: options.hasher } : {}),
    ...(now ? { now: () => new Date(now()) } : {}),
    ...(options.secondFactorKey ? { secondFactorKey: options.secondFactorKey } : {}),
    ...(options.subjectCacheSize !== undefined ? { subjectCacheSize: options.subjectCacheSize } : {}),
  });
  return {
    ...authz,
    /** BatteryDB's own database handle (the one the kit was given), for its queries beside the kit's. */
    db,
    /** Object-level operations on experiments (SPEC §3.3 rules, grants, lists). */
    experiments: authz.objects(policy),
    /**
     * The kit's schema, permissions and roles, then BatteryDB's schema (idempotent; run by
     * `init` and at start). Each keeps its own migration table.
     */
    migrateAll: async () => {
      const kit = await authz.migrate({ roles });
      const applied = await migrateApp(db as Kysely<unknown>);
      return { ...kit, applied: [...kit.applied, ...applied] };
    },
  };
}

export type AppAuthz = ReturnType<typeof createAppAuthz>;
