import { type AuditEntry, type AuditFilter, AuthzError, type Subject } from '@batterydb/authz';
import type { Kysely } from 'kysely';
import type { AppAuthz } from '../authz/create-app-authz.ts';
import type { AdminObjectModel } from './object-models.ts';

/** Every action the app records, for the filter's suggestions (the filter takes any string). */
export const AUDIT_ACTIONS = [
  'user.create',
  'user.createsuperuser',
  'user.update',
  'user.password',
  'user.groups',
  'user.permissions',
  'group.create',
  'group.rename',
  'group.delete',
  'group.permissions',
  'role.sync',
  'grant.add',
  'grant.remove',
  'experiment.publish',
  'experiment.unpublish',
  'experiment.delete',
  'publication.request',
  'publication.approve',
  'publication.decline',
  'correction.request',
  'correction.done',
  'correction.decline',
  'data.upload',
  'data.retry',
  'data.delete-import',
  'data.delete-file',
  'data.cell-create',
  'data.cell-update',
  'data.cell-delete',
  'data.move-file',
  'auth.sign_in_failed',
  'auth.throttled',
  'auth.throttle_reset',
  'session.end',
  'token.create',
  'token.revoke',
] as const;

/** The audit log's filters as people give them: names, not ids. */
export interface AuditQuery {
  /** Username of who acted. */
  actor?: string;
  /** `auth.user`, `auth.group` or a model with objects (`batterydb.experiment`). */
  targetType?: string;
  /** The target: a username, a group name, or an object's number. */
  target?: string;
  action?: string;
  since?: Date;
  /** Exclusive. */
  until?: Date;
  /** Keyset cursor: entries older than this id. */
  before?: number;
}

/**
 * The people's query as the kit's filter: a username or group name becomes its id (an unknown
 * one is a 400 naming the field, so a typo does not look like "nothing happened"). The
 * visibility filter is always the viewer's (hidden entries stay hidden, in pages and exports).
 */
export async function auditFilterOf(
  authz: AppAuthz,
  viewer: Subject,
  query: AuditQuery,
  limit: number,
): Promise<AuditFilter> {
  const filter: { -readonly [K in keyof AuditFilter]: AuditFilter[K] } = { limit, visibleTo: viewer };
  if (query.actor !== undefined) {
    const actor = await authz.findUserByUsername(query.actor);
    if (!actor) throw new AuthzError('INVALID_INPUT', `there is no user named “${query.actor}”`, 'actor');
    filter.actorId = actor.id;
  }
  if (query.targetType !== undefined) filter.targetType = query.targetType;
  if (query.target !== undefined) {
    const type = query.targetType;
    if (type === undefined)
      throw new AuthzError('INVALID_INPUT', 'choose what the target is (a user, a group, …)', 'targetType');
    filter.targetId = await targetId(authz, type, query.target);
  }
  if (query.action !== undefined) filter.action = query.action;
  if (query.since !== undefined) filter.since = query.since;
  if (query.until !== undefined) filter.until = query.until;
  if (query.before !== undefined) filter.beforeId = query.before;
  return filter;
}

async function targetId(authz: AppAuthz, type: string, target: string): Promise<number> {
  if (type === 'auth.user') {
    const user = await authz.findUserByUsername(target);
    if (!user) throw new AuthzError('INVALID_INPUT', `there is no user named “${target}”`, 'target');
    return user.id;
  }
  if (type === 'auth.group') {
    const group = await authz.findGroupByName(target);
    if (!group) throw new AuthzError('INVALID_INPUT', `there is no group named “${target}”`, 'target');
    return group.id;
  }
  const id = /^[1-9][0-9]{0,9}$/.test(target.trim()) ? Number(target.trim()) : NaN;
  if (!Number.isSafeInteger(id) || id > 2_147_483_647)
    throw new AuthzError('INVALID_INPUT', 'give the number of the object', 'target');
  return id;
}

/** Names for the ids of a page of entries: actors, users, groups, objects (what the viewer may see). */
export interface AuditNames {
  user(id: number | null): string;
  target(entry: AuditEntry): string;
}

/**
 * Names for a page of entries, in a few queries. Objects are named only for entries the viewer
 * may see at all (the filter hid the others); a deleted one is "experiment 42 (deleted)".
 */
export async function auditNames(
  authz: AppAuthz,
  models: readonly AdminObjectModel[],
  entries: readonly AuditEntry[],
): Promise<AuditNames> {
  const db = authz.db;
  const ids = (type: string) => [
    ...new Set(
      entries.filter((e) => e.target.type === type && e.target.id !== null).map((e) => e.target.id!),
    ),
  ];
  const userIds = [
    ...new Set([...entries.map((e) => e.actorId).filter((id) => id !== null), ...ids('auth.user')]),
  ];
  const users = new Map(
    (
      await db
        .selectFrom('authz_user')
        .select(['id', 'username'])
        .where('id', 'in', [...userIds, -1])
        .execute()
    ).map((u) => [u.id, u.username]),
  );
  const groups = new Map(
    (
      await db
        .selectFrom('authz_group')
        .select(['id', 'name'])
        .where('id', 'in', [...ids('auth.group'), -1])
        .execute()
    ).map((g) => [g.id, g.name]),
  );
  const objects = new Map<string, string>();
  for (const model of models) {
    const rows = await (db as unknown as Kysely<Record<string, Record<string, unknown>>>)
      .selectFrom(model.policy.table)
      .selectAll()
      .where('id', 'in', [...ids(model.policy.key), -1])
      .execute();
    for (const row of rows)
      objects.set(`${model.policy.key}:${Number(row.id)}`, model.title(row as { id: number }));
  }
  const label = (type: string) =>
    models.find((m) => m.policy.key === type)?.label ?? (type === 'auth.group' ? 'group' : type);
  return {
    user: (id) => (id === null ? 'the system' : (users.get(id) ?? `user ${id} (deleted)`)),
    target(entry) {
      const { type, id } = entry.target;
      if (id === null) return type;
      if (type === 'auth.user') return users.get(id) ?? `user ${id} (deleted)`;
      if (type === 'auth.group') return groups.get(id) ?? `group ${id} (deleted)`;
      return objects.get(`${type}:${id}`) ?? `${label(type)} ${id} (deleted)`;
    },
  };
}
