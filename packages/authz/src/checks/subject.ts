import type { Kysely } from 'kysely';
import type { AuthzContext } from '../context.ts';
import { prepared } from '../db/prepared.ts';
import type { AuthzTables } from '../schema/tables.ts';
import { notFound } from '../errors.ts';
import { toUser, type User } from '../users/user.ts';

/**
 * A user with their model-level permissions loaded: the per-request memo of DESIGN.md.
 * It is a snapshot tagged with the kit's write generation; every kit check given a Subject
 * reloads it when an authorization write happened since (see {@link resolveSubject}).
 */
export interface Subject {
  readonly user: User;
  /** Permissions held directly by the user. */
  readonly ownPermissions: ReadonlySet<string>;
  /** Permission → names of the user's groups that hold it. */
  readonly groupPermissions: ReadonlyMap<string, readonly string[]>;
  readonly groups: readonly { id: number; name: string }[];
  readonly generation: number;
  /** Per-request memo of derived data (e.g. the user's grants on one model), dropped with the Subject. */
  readonly memo: Map<string, unknown>;
}

/** A user given by id (always loaded afresh) or as an already loaded {@link Subject}. */
export type UserRef = number | Subject;

// The two queries every cold check runs, compiled once (see db/prepared.ts).
const userRow = prepared(1, (db, userId) =>
  (db as Kysely<AuthzTables>).selectFrom('authz_user').selectAll().where('id', '=', userId),
);

/** One round trip for everything else: own permissions, group permissions and bare memberships. */
const permissionRows = prepared(2, (db, userId, sameUserId) =>
  (db as Kysely<AuthzTables>)
    .selectFrom('authz_user_permission as up')
    .innerJoin('authz_permission as p', 'p.id', 'up.permission_id')
    .select((eb) => [
      eb.val<string | null>(null).as('group_name'),
      eb.val<number | null>(null).as('group_id'),
      eb.ref('p.app').$castTo<string | null>().as('app'),
      eb.ref('p.codename').$castTo<string | null>().as('codename'),
    ])
    .where('up.user_id', '=', userId)
    .unionAll((eb) =>
      eb
        .selectFrom('authz_user_group as ug')
        .innerJoin('authz_group as g', 'g.id', 'ug.group_id')
        .leftJoin('authz_group_permission as gp', 'gp.group_id', 'ug.group_id')
        .leftJoin('authz_permission as p', 'p.id', 'gp.permission_id')
        .select((eb) => [
          eb.ref('g.name').$castTo<string | null>().as('group_name'),
          eb.ref('g.id').$castTo<number | null>().as('group_id'),
          'p.app',
          'p.codename',
        ])
        .where('ug.user_id', '=', sameUserId),
    ),
);

export async function loadSubject(ctx: AuthzContext, userId: number): Promise<Subject | null> {
  const generation = ctx.generation.value;
  const db = ctx.db as unknown as Kysely<never>;
  const row = (await userRow(db, userId)).rows[0];
  if (!row) return null;
  const { rows } = await permissionRows(db, userId, userId);

  const own = new Set<string>();
  const byGroup = new Map<string, string[]>();
  const groups = new Map<number, string>();
  for (const r of rows) {
    const perm = r.app === null || r.codename === null ? null : `${r.app}.${r.codename}`;
    if (r.group_id === null) {
      if (perm) own.add(perm);
      continue;
    }
    groups.set(Number(r.group_id), r.group_name!);
    if (perm) {
      const names = byGroup.get(perm) ?? [];
      names.push(r.group_name!);
      byGroup.set(perm, names);
    }
  }
  return {
    user: toUser(row),
    ownPermissions: own,
    groupPermissions: byGroup,
    groups: [...groups].map(([id, name]) => ({ id, name })),
    generation,
    memo: new Map(),
  };
}

/** The freshest Subject for a reference; ids that match no user are a NOT_FOUND fault. */
export async function resolveSubject(ctx: AuthzContext, ref: UserRef): Promise<Subject> {
  if (typeof ref !== 'number' && ref.generation === ctx.generation.value) return ref;
  const id = typeof ref === 'number' ? ref : ref.user.id;
  const subject = await loadSubject(ctx, id);
  if (!subject) throw notFound(`user ${id}`, 'user');
  return subject;
}
