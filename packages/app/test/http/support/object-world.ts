/**
 * An independent reference model of BatteryDB's object-level authorization (SPEC §3.2–3.3 and
 * §4), written from the SPEC in plain TypeScript: it never calls the kit's policy functions,
 * so the property test that compares it with the real system compares two implementations.
 * A state is read back from the database ({@link loadObjectState}) — users, memberships,
 * model-level permissions, experiments and grants of one property-test run.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../../src/db/schema.ts';

export const VIEW = 'batterydb.view_experiment';
export const CHANGE = 'batterydb.change_experiment';
export const DELETE = 'batterydb.delete_experiment';
export const STATUS = 'batterydb.change_experiment_status';
/** The permissions that can be held on one experiment. */
export const OBJECT_PERMS = [VIEW, CHANGE, DELETE, STATUS] as const;

export interface RefUser {
  id: number;
  username: string;
  isActive: boolean;
  isStaff: boolean;
  isSuperuser: boolean;
  passwordHash: string;
  own: Set<string>;
  groups: Set<number>;
}
export interface RefGroup {
  id: number;
  name: string;
  perms: Set<string>;
}
export interface RefExperiment {
  id: number;
  owner: number;
  status: 'private' | 'public';
}
export type Holder = { user: number } | { group: number };

/** Grant key: `u:<user>:<experiment>:<perm>` or `g:<group>:<experiment>:<perm>`; value = expiry (ms) or null. */
export const grantKey = (holder: Holder, experiment: number, perm: string) =>
  'user' in holder ? `u:${holder.user}:${experiment}:${perm}` : `g:${holder.group}:${experiment}:${perm}`;

export class RefState {
  users = new Map<number, RefUser>();
  groups = new Map<number, RefGroup>();
  experiments = new Map<number, RefExperiment>();
  grants = new Map<string, number | null>();
  constructor(readonly now: number) {}

  clone(): RefState {
    const copy = new RefState(this.now);
    for (const [id, u] of this.users)
      copy.users.set(id, { ...u, own: new Set(u.own), groups: new Set(u.groups) });
    for (const [id, g] of this.groups) copy.groups.set(id, { ...g, perms: new Set(g.perms) });
    for (const [id, e] of this.experiments) copy.experiments.set(id, { ...e });
    copy.grants = new Map(this.grants);
    return copy;
  }

  groupNamed(name: string): RefGroup | undefined {
    return [...this.groups.values()].find((g) => g.name === name);
  }

  /** Model-level permissions a user holds (own ∪ groups'), active or not. */
  stored(userId: number): Set<string> {
    const user = this.users.get(userId)!;
    const perms = new Set(user.own);
    for (const g of user.groups) for (const p of this.groups.get(g)?.perms ?? []) perms.add(p);
    return perms;
  }

  /** SPEC §3.1: what the user may do at model level now. */
  modelHas(userId: number, perm: string): boolean {
    const user = this.users.get(userId)!;
    return user.isActive && (user.isSuperuser || this.stored(userId).has(perm));
  }

  private liveGrant(key: string): boolean {
    if (!this.grants.has(key)) return false;
    const until = this.grants.get(key)!;
    return until === null || until > this.now;
  }

  private inRole(user: RefUser, ...roles: string[]): boolean {
    return [...user.groups].some((g) => roles.includes(this.groups.get(g)?.name ?? ''));
  }

  /**
   * SPEC §3.2–3.3: may `userId` do `perm` on the experiment? `asActive` answers what the user
   * holds whether active or not (SPEC §4 "holds").
   */
  has(userId: number, perm: string, experimentId: number, asActive = false): boolean {
    const user = this.users.get(userId);
    const e = this.experiments.get(experimentId);
    if (!user || !e) return false;
    if (!asActive && !user.isActive) return false;
    if (user.isSuperuser || this.stored(userId).has(perm)) return true;
    if (
      e.owner === userId &&
      (perm === VIEW || (e.status === 'private' && (perm === CHANGE || perm === DELETE)))
    )
      return true;
    if (this.inRole(user, 'Maintainer') && (perm === VIEW || perm === CHANGE || perm === DELETE)) return true;
    if (perm === VIEW && e.status === 'public' && this.inRole(user, 'Read only', 'Contributor')) return true;
    if (!this.grantCounts(perm, e)) return false;
    if (this.liveGrant(grantKey({ user: userId }, experimentId, perm))) return true;
    return [...user.groups].some((g) => this.liveGrant(grantKey({ group: g }, experimentId, perm)));
  }

  /** What being a member of the group gives on the experiment. */
  groupGives(groupId: number, perm: string, experimentId: number): boolean {
    const group = this.groups.get(groupId)!;
    const e = this.experiments.get(experimentId)!;
    if (group.perms.has(perm)) return true;
    if (group.name === 'Maintainer' && (perm === VIEW || perm === CHANGE || perm === DELETE)) return true;
    if (
      (group.name === 'Read only' || group.name === 'Contributor') &&
      perm === VIEW &&
      e.status === 'public'
    )
      return true;
    return this.grantCounts(perm, e) && this.liveGrant(grantKey({ group: groupId }, experimentId, perm));
  }

  /** SPEC §3.3 "public data is curated": grants of change/delete count while private only. */
  private grantCounts(perm: string, e: RefExperiment): boolean {
    return !(perm === CHANGE || perm === DELETE) || e.status === 'private';
  }

  /** The first (perm, experiment) the holder holds that the actor may not do, if any. */
  holdingActorLacks(actorId: number, holds: (perm: string, experiment: number) => boolean): string | null {
    for (const e of this.experiments.keys())
      for (const perm of OBJECT_PERMS)
        if (holds(perm, e) && !this.has(actorId, perm, e)) return `${perm} on ${e}`;
    return null;
  }
}

/** Reads one run's state back from the database. */
export async function loadObjectState(
  db: Kysely<Database>,
  scope: { users: readonly number[]; groups: readonly number[] },
  now: number,
): Promise<RefState> {
  const state = new RefState(now);
  const perm = (r: { app: string; codename: string }) => `${r.app}.${r.codename}`;
  for (const g of await db
    .selectFrom('authz_group')
    .select(['id', 'name'])
    .where('id', 'in', scope.groups)
    .execute())
    state.groups.set(g.id, { ...g, perms: new Set() });
  for (const r of await db
    .selectFrom('authz_group_permission as gp')
    .innerJoin('authz_permission as p', 'p.id', 'gp.permission_id')
    .select(['gp.group_id', 'p.app', 'p.codename'])
    .where('gp.group_id', 'in', scope.groups)
    .execute())
    state.groups.get(r.group_id)!.perms.add(perm(r));
  for (const u of await db.selectFrom('authz_user').selectAll().where('id', 'in', scope.users).execute())
    state.users.set(u.id, {
      id: u.id,
      username: u.username,
      isActive: u.is_active === 1,
      isStaff: u.is_staff === 1,
      isSuperuser: u.is_superuser === 1,
      passwordHash: u.password_hash ?? '',
      own: new Set(),
      groups: new Set(),
    });
  for (const r of await db
    .selectFrom('authz_user_permission as up')
    .innerJoin('authz_permission as p', 'p.id', 'up.permission_id')
    .select(['up.user_id', 'p.app', 'p.codename'])
    .where('up.user_id', 'in', scope.users)
    .execute())
    state.users.get(r.user_id)!.own.add(perm(r));
  for (const r of await db
    .selectFrom('authz_user_group')
    .select(['user_id', 'group_id'])
    .where('user_id', 'in', scope.users)
    .execute())
    if (state.groups.has(r.group_id)) state.users.get(r.user_id)!.groups.add(r.group_id);
  for (const e of await db.selectFrom('experiment').select(['id', 'owner_id', 'status']).execute())
    state.experiments.set(e.id, { id: e.id, owner: e.owner_id, status: e.status });
  const permById = new Map(
    (await db.selectFrom('authz_permission').select(['id', 'app', 'codename']).execute()).map((p) => [
      p.id,
      perm(p),
    ]),
  );
  for (const g of await db.selectFrom('experiment_user_grant').selectAll().execute())
    state.grants.set(
      grantKey({ user: g.user_id }, g.object_id, permById.get(g.permission_id)!),
      g.expires_at,
    );
  for (const g of await db.selectFrom('experiment_group_grant').selectAll().execute())
    state.grants.set(
      grantKey({ group: g.group_id }, g.object_id, permById.get(g.permission_id)!),
      g.expires_at,
    );
  return state;
}

/** The state without what cannot be predicted (password hashes), for comparison with the model's. */
export function comparableState(state: RefState) {
  return {
    users: [...state.users.values()]
      .map((u) => ({ ...u, passwordHash: undefined, own: [...u.own].sort(), groups: [...u.groups].sort() }))
      .sort((a, b) => a.id - b.id),
    experiments: [...state.experiments.values()].sort((a, b) => a.id - b.id),
    grants: [...state.grants].sort(([a], [b]) => a.localeCompare(b)),
  };
}
