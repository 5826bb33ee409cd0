import { sql } from 'kysely';
import type { AppAuthz } from '../../../src/authz/create-app-authz.ts';
import type { Database } from '../../../src/db/schema.ts';
import type { Kysely } from 'kysely';
import type { World } from './decision-world.ts';

/** A random world written to the database: its ids, and the world as the reference must see it. */
export interface StoredWorld {
  readonly userIds: number[];
  readonly expIds: number[];
  /** The world with owners by index and only the grants that stand (last one wins, none on deleted experiments). */
  readonly ref: World;
  /** Experiments not deleted, by id and index. */
  readonly remaining: { id: number; i: number }[];
  readonly live: (g: World['grants'][number]) => boolean;
  /** Removes the world (each world is alone in the database while it is checked). */
  remove(): Promise<void>;
}

/** The role groups' ids, and a fresh `custom` group for the run. */
export async function roleGroupIds(authz: AppAuthz): Promise<Map<string, number>> {
  const groupIds = new Map<string, number>();
  for (const name of ['Read only', 'Contributor', 'Maintainer'])
    groupIds.set(name, (await authz.findGroupByName(name))!.id);
  return groupIds;
}

/** Creates the world's users, memberships, experiments, grants and deletions through the kit. */
export async function storeWorld(
  authz: AppAuthz,
  db: Kysely<Database>,
  groupIds: Map<string, number>,
  w: World,
  run: number,
): Promise<StoredWorld> {
  const now = authz.now().getTime();
  groupIds.set('custom', (await authz.createGroup(`custom ${run}`)).id);
  const userIds: number[] = [];
  const expIds: number[] = [];
  const remove = async () => {
    await db
      .deleteFrom('experiment')
      .where('id', 'in', [...expIds, -1])
      .execute();
    await db
      .deleteFrom('authz_user')
      .where('id', 'in', [...userIds, -1])
      .execute();
    await db.deleteFrom('authz_group').where('id', '=', groupIds.get('custom')!).execute();
  };
  try {
    for (const [i, u] of w.users.entries()) {
      const user = await authz.createUser({
        username: `p${run}u${i}`,
        isActive: u.isActive,
        isSuperuser: u.isSuperuser,
      });
      for (const g of u.groups) await authz.addMember(groupIds.get(g)!, user.id);
      await authz.addUserPerms(user.id, u.direct);
      userIds.push(user.id);
    }
    const rows = await authz.experiments.create(
      w.experiments.map((e, i) => ({
        title: `e${i}`,
        status: e.status,
        open_release: e.openRelease ? 1 : 0,
        owner_id: userIds[e.owner % userIds.length]!,
        created_at: now,
        updated_at: now,
      })),
    );
    expIds.push(...rows.map((r) => Number(r.id)));
    // Owners by index, as the reference sees them.
    w.experiments.forEach((e) => (e.owner = e.owner % userIds.length));
    const live = (g: World['grants'][number]) => g.expiry !== 'past';
    const grants = w.grants.filter(
      (g) => g.experiment < expIds.length && (!('user' in g.to) || g.to.user < userIds.length),
    );
    for (const g of grants) {
      const holder = 'user' in g.to ? { user: userIds[g.to.user]! } : { group: groupIds.get(g.to.group)! };
      const expiresAt =
        g.expiry === 'none' ? null : new Date(now + (g.expiry === 'past' ? -60_000 : 3_600_000));
      await authz.experiments.assign(holder, g.perm, expIds[g.experiment]!, { expiresAt });
    }
    const gone = new Set(w.deleted.filter((d) => d < expIds.length));
    if (gone.size) await authz.experiments.delete(sql`id in (${sql.join([...gone].map((d) => expIds[d]!))})`);
    // Granting again replaces the earlier grant's expiry (assign is an upsert): the last one wins.
    const lastGrants = [
      ...new Map(grants.map((g) => [JSON.stringify([g.to, g.perm, g.experiment]), g])).values(),
    ];
    const ref: World = { ...w, grants: lastGrants.filter((g) => !gone.has(g.experiment)) };
    const remaining = expIds.map((id, i) => ({ id, i })).filter((x) => !gone.has(x.i));
    return { userIds, expIds, ref, remaining, live, remove };
  } catch (error) {
    await remove();
    throw error;
  }
}
