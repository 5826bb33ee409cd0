import {
  type AuthzTables,
  authModels,
  createAuthz,
  createRegistry,
  defineModel,
  type PasswordHasher,
  type PermissionOf,
} from '../../src/index.ts';
import { createTestDatabase, type Dialect, type TestDatabase } from '../../../../test-support/databases.ts';

/** A registry unlike BatteryDB's, to show the kit knows nothing of batteries. */
export const sample = defineModel({ app: 'lab', name: 'sample', permissions: ['approve_sample'] });
export const report = defineModel({ app: 'lab', name: 'report' });
export const testRegistry = createRegistry([...authModels, sample, report]);
export type TestPerm = PermissionOf<(typeof authModels)[number] | typeof sample | typeof report>;
export const ALL_PERMS = testRegistry.permissions.map((p) => `${p.app}.${p.codename}`) as TestPerm[];

/** Fast, counting stand-in for argon2 where a test needs many hashes (never in production). */
export function countingHasher(): PasswordHasher & { hashes: number; verifies: number } {
  const hasher = {
    hashes: 0,
    verifies: 0,
    hash(password: string) {
      hasher.hashes += 1;
      return Promise.resolve(`plain$v1$${password}`);
    },
    verify(encoded: string, password: string) {
      hasher.verifies += 1;
      return Promise.resolve(encoded === `plain$v1$${password}`);
    },
    needsRehash: (encoded: string) => !encoded.startsWith('plain$v1$'),
  };
  return hasher;
}

export async function kitOn(dialect: Dialect, options: { hasher?: PasswordHasher } = {}) {
  const database: TestDatabase = await createTestDatabase(dialect);
  const db = database.open<AuthzTables>();
  const authz = createAuthz({ db, registry: testRegistry, hasher: options.hasher ?? countingHasher() });
  await authz.migrate();
  return { database, db, authz };
}
