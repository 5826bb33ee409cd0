import { type Kysely, type Selectable, sql } from 'kysely';
import type { AuthzContext } from '../context.ts';
import { prepared } from '../db/prepared.ts';
import type { AuthzTables, UserTable } from '../schema/tables.ts';
import { generationSql } from '../generation/stored-generation.ts';
import type { PermissionSet } from './subject-cache.ts';
import { notFound } from '../errors.ts';
import { toUser, type User } from '../users/user.ts';

/**
 * A user with their model-level permissions loaded: the per-request memo of DESIGN.md.
 * It is a snapshot tagged with the kit's write generation; every kit check given a Subject
 * reloads it when an authorization write happened since (see {@link resolveSubject}).
 */
export interface Subject extends PermissionSet {
  readonly user: User;
  /** This kit instance's write generation when the Subject was made (see `resolveSubject`). */
  readonly generation: number;
  /** Per-request memo of derived data (e.g. the user's grants on one model), dropped with the Subject. */
  readonly memo: Map<string, unknown>;
}

/** A user given by id (always loaded afresh) or as an already loaded {@link Subject}. */
export type UserRef = number | Subject;

/** The user's row with the stored generation, read in one statement (the same snapshot). */
const userRow = prepared(1, (db, userId) =>
  (db as Kysely<AuthzTables>)
    .selectFrom('authz_user')
    .selectAll()
    .select(generationSql().as('authz_generation'))
    .where('id', '=', userId),
);

/**
 * The same inside a transaction, without the generation: in a serializable transaction, reading
 * the generation (which every authorization write bumps) would make any two concurrent
 * decide-and-write transactions depend on each other, and one of them fail to serialize, even
 * on unrelated data (issue 19). A transaction reads the permission rows themselves instead.
 */
const userRowInTransaction = prepared(1, (db, userId) =>
  (db as Kysely<AuthzTables>)
    .selectFrom('authz_user')
    .selectAll()
    .select(sql<null>`null`.as('authz_generation'))
    .where('id', '=', userId),
);

/** One round trip for everything else: own permissions, group permissions and bare memberships. */
const permissionRows = prepared(1, (db, userId) =>
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
        .where('ug.user_id', '=', userId),
    ),
);

async function loadPermissionSet(ctx: AuthzContext, userId: number): Promise<PermissionSet> {
  const { rows } = await permissionRows(ctx.db as unknown as Kysely<never>, userId);
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
    ownPermissions: own,
    groupPermissions: byGroup,
    groups: [...groups].map(([id, name]) => ({ id, name })),
  };
}

/**
 * A Subject from a user row read together with the stored generation (`authz_generation`,
 * {@link generationSql}):
 * the permission set comes from the kit's cross-request cache when nothing changed since it
 * was read, in any process, else from the database (and is remembered, outside transactions).
 */
export async function subjectFromRow(
  ctx: AuthzContext,
  row: Selectable<UserTable> & { authz_generation: number | string | null },
  /** `ctx.generation.value` before the row was read: a write meanwhile makes the Subject stale. */
  inProcess: number,
): Promise<Subject> {
  const stored = row.authz_generation === null ? null : Number(row.authz_generation);
  let permissions = stored === null ? undefined : ctx.subjects.get(row.id, stored);
  if (!permissions) {
    permissions = await loadPermissionSet(ctx, row.id);
    if (!ctx.db.isTransaction && stored !== null) ctx.subjects.set(row.id, stored, permissions);
  }
  return { user: toUser(row), ...permissions, generation: inProcess, memo: new Map() };
}

/** The user with their permissions: one statement when the cache holds them, else two. */
export async function loadSubject(ctx: AuthzContext, userId: number): Promise<Subject | null> {
  const inProcess = ctx.generation.value;
  const statement = ctx.db.isTransaction ? userRowInTransaction : userRow;
  const row = (await statement(ctx.db as unknown as Kysely<never>, userId)).rows[0];
  return row ? subjectFromRow(ctx, row, inProcess) : null;
}

/** The freshest Subject for a reference; ids that match no user are a NOT_FOUND fault. */
export async function resolveSubject(ctx: AuthzContext, ref: UserRef): Promise<Subject> {
  if (typeof ref !== 'number' && ref.generation === ctx.generation.value) return ref;
  const id = typeof ref === 'number' ? ref : ref.user.id;
  const subject = await loadSubject(ctx, id);
  if (!subject) throw notFound(`user ${id}`, 'user');
  return subject;
}
