import type { Kysely } from 'kysely';
import type { Database } from '../../../src/db/schema.ts';
import { World } from '../../../../authz/test/support/admin-world.ts';

/**
 * Reads the accounts and groups of one property-test run back from the database into the
 * reference model's shape, so the model and the real system can be compared, and the
 * invariants checked on what the database really holds.
 */
export async function loadWorld(
  db: Kysely<Database>,
  userIds: readonly number[],
  groupIds: readonly number[],
  passwordVersions: Map<string, number>,
): Promise<World> {
  const world = new World();
  const perm = (r: { app: string; codename: string }) => `${r.app}.${r.codename}`;
  const groups = groupIds.length
    ? await db.selectFrom('authz_group').select(['id', 'name']).where('id', 'in', groupIds).execute()
    : [];
  for (const g of groups) world.groups.set(g.id, { id: g.id, name: g.name, perms: new Set() });
  if (groups.length)
    for (const r of await db
      .selectFrom('authz_group_permission as gp')
      .innerJoin('authz_permission as p', 'p.id', 'gp.permission_id')
      .select(['gp.group_id', 'p.app', 'p.codename'])
      .where(
        'gp.group_id',
        'in',
        groups.map((g) => g.id),
      )
      .execute())
      world.groups.get(r.group_id)!.perms.add(perm(r));
  const users = await db.selectFrom('authz_user').selectAll().where('id', 'in', userIds).execute();
  for (const u of users) {
    const hash = u.password_hash ?? '';
    if (!passwordVersions.has(hash)) passwordVersions.set(hash, passwordVersions.size);
    world.users.set(u.id, {
      id: u.id,
      username: u.username,
      email: u.email,
      isActive: u.is_active === 1,
      isStaff: u.is_staff === 1,
      isSuperuser: u.is_superuser === 1,
      passwordVersion: passwordVersions.get(hash)!,
      own: new Set(),
      groups: new Set(),
    });
  }
  for (const r of await db
    .selectFrom('authz_user_permission as up')
    .innerJoin('authz_permission as p', 'p.id', 'up.permission_id')
    .select(['up.user_id', 'p.app', 'p.codename'])
    .where('up.user_id', 'in', userIds)
    .execute())
    world.users.get(r.user_id)!.own.add(perm(r));
  for (const r of await db
    .selectFrom('authz_user_group')
    .select(['user_id', 'group_id'])
    .where('user_id', 'in', userIds)
    .execute())
    if (world.groups.has(r.group_id)) world.users.get(r.user_id)!.groups.add(r.group_id);
  return world;
}

/** The model's world without what the database cannot tell (password versions, generated usernames). */
export function comparable(world: World) {
  return {
    users: [...world.users.values()]
      .map((u) => ({
        id: u.id,
        email: u.email,
        isActive: u.isActive,
        isStaff: u.isStaff,
        isSuperuser: u.isSuperuser,
        own: [...u.own].sort(),
        groups: [...u.groups].sort((a, b) => a - b),
      }))
      .sort((a, b) => a.id - b.id),
    groups: [...world.groups.values()]
      .map((g) => ({ id: g.id, name: g.name, perms: [...g.perms].sort() }))
      .sort((a, b) => a.id - b.id),
  };
}
