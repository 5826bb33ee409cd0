import type { AppAuthz } from '../authz/create-app-authz.ts';
import type { PermissionOf } from '@batterydb/authz';
import type { experimentModel } from '../authz/registry.ts';

type Perm = PermissionOf<typeof experimentModel>;

/** Every object-level permission on experiments (the four defaults but add, and status). */
const EXPERIMENT_PERMS: readonly Perm[] = [
  'batterydb.view_experiment',
  'batterydb.change_experiment',
  'batterydb.delete_experiment',
  'batterydb.change_experiment_status',
];

async function objectIds(authz: AppAuthz, user: number | null, perm: Perm): Promise<number[]> {
  const ids: number[] = [];
  let after = null;
  do {
    const page = await authz.experiments.list(user, perm, {
      orderBy: 'id',
      direction: 'asc',
      limit: 1000,
      after,
    });
    ids.push(...page.items.map((row) => Number(row.id)));
    after = page.next;
  } while (after);
  return ids;
}

/**
 * What each user (and a signed-out visitor, key `anonymous`) may do, as the site decides it:
 * their model-level permissions and, per experiment permission, the experiments the kit lists
 * for them (listing is the same decision as checking, SPEC §3.4). Two databases that give every
 * user the same text here show everyone the same experiments with the same rights.
 */
export async function accessFingerprint(authz: AppAuthz): Promise<Map<string, string>> {
  const users = await authz.db.selectFrom('authz_user').select('id').orderBy('id').execute();
  const fingerprint = new Map<string, string>();
  for (const user of [null, ...users.map((u) => u.id)]) {
    const perms = user === null ? [] : [...(await authz.getAllPerms(user))].sort();
    const objects: Record<string, number[]> = {};
    for (const perm of EXPERIMENT_PERMS) objects[perm] = await objectIds(authz, user, perm);
    fingerprint.set(user === null ? 'anonymous' : `user ${user}`, JSON.stringify({ perms, objects }));
  }
  return fingerprint;
}

/** The first user whose access differs between the two fingerprints, or null. */
export function firstDifference(before: Map<string, string>, after: Map<string, string>): string | null {
  for (const [who, access] of before) if (after.get(who) !== access) return who;
  for (const who of after.keys()) if (!before.has(who)) return who;
  return null;
}
