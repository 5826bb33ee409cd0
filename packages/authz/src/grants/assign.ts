import type { AuthzContext } from '../context.ts';
import { authzWrite } from '../generation/authz-write.ts';
import { invalidInput, notFound } from '../errors.ts';
import type { ObjectPolicy } from '../objects/define-policy.ts';
import { type PermissionRow, requirePermission } from '../permissions/permission-cache.ts';
import { grantDb, objectDb } from './grant-db.ts';

export type GrantHolder = { user: number } | { group: number };

export interface GrantTarget {
  policy: ObjectPolicy;
  /** One object or many: the write is one set-based statement per chunk, never one per row. */
  ids: number | readonly number[];
}

// SQLite binds at most 32,766 parameters per statement; 4 per row leaves ample room.
const CHUNK = 5_000;

function uniqueIds(ids: number | readonly number[]): number[] {
  const list = [...new Set(typeof ids === 'number' ? [ids] : ids)];
  for (const id of list)
    if (!Number.isSafeInteger(id) || id <= 0)
      throw invalidInput('objects', `object id ${id} is not a positive integer`);
  return list;
}

/** Validates permission, holder and objects; nothing is written when any is wrong. */
async function validate(
  ctx: AuthzContext,
  holder: GrantHolder,
  perm: string,
  target: GrantTarget,
): Promise<{ row: PermissionRow; ids: number[] }> {
  const row = await requirePermission(ctx, perm);
  if (row.modelKey !== target.policy.key)
    throw invalidInput(
      'permission',
      `${perm} is a permission of ${row.modelKey}, not of ${target.policy.key}`,
    );
  const ids = uniqueIds(target.ids);
  const [kind, id] = 'user' in holder ? (['user', holder.user] as const) : (['group', holder.group] as const);
  const found = await ctx.db.selectFrom(`authz_${kind}`).select('id').where('id', '=', id).executeTakeFirst();
  if (!found) throw notFound(`${kind} ${id}`, kind);
  const db = objectDb(ctx);
  for (let i = 0; i < ids.length; i += CHUNK) {
    const chunk = ids.slice(i, i + CHUNK);
    const existing = await db
      .selectFrom(target.policy.table)
      .select(({ fn }) => fn.countAll<number>().as('n'))
      .where('id', 'in', chunk)
      .executeTakeFirstOrThrow();
    if (Number(existing.n) !== chunk.length) {
      const rows = await db.selectFrom(target.policy.table).select('id').where('id', 'in', chunk).execute();
      const present = new Set(rows.map((r) => Number(r.id)));
      const missing = chunk.find((x) => !present.has(x));
      throw notFound(`${target.policy.model.name} ${missing}`, 'objects');
    }
  }
  return { row, ids };
}

/**
 * Grants `perm` on objects to a user or a group, optionally until `expiresAt` (an expired
 * grant never counts, in checks or lists). Idempotent: granting again only moves the expiry.
 */
export async function assignPerm(
  ctx: AuthzContext,
  holder: GrantHolder,
  perm: string,
  target: GrantTarget,
  options: { expiresAt?: Date | null } = {},
): Promise<number> {
  const expiresAt = options.expiresAt ? options.expiresAt.getTime() : null;
  if (expiresAt !== null && !Number.isFinite(expiresAt))
    throw invalidInput('expiresAt', 'expiresAt is not a valid date');
  const { row, ids } = await validate(ctx, holder, perm, target);
  const [table, column, holderId] =
    'user' in holder
      ? [target.policy.userGrantTable, 'user_id', holder.user]
      : [target.policy.groupGrantTable, 'group_id', holder.group];
  // A transaction per chunk (the caller's, if any): each short, each bumping the generation.
  for (let i = 0; i < ids.length; i += CHUNK) {
    await authzWrite(ctx, (tx) =>
      grantDb(tx)
        .insertInto(table)
        .values(
          ids.slice(i, i + CHUNK).map((object_id) => ({
            object_id,
            [column]: holderId,
            permission_id: row.id,
            expires_at: expiresAt,
          })) as never,
        )
        .onConflict((oc) =>
          oc
            .columns(['object_id', column as 'user_id', 'permission_id'])
            .doUpdateSet({ expires_at: expiresAt }),
        )
        .execute(),
    );
  }
  return ids.length;
}

/** Removes the grant of `perm` on the objects from the holder (idempotent). Returns rows removed. */
export async function removePerm(
  ctx: AuthzContext,
  holder: GrantHolder,
  perm: string,
  target: GrantTarget,
): Promise<number> {
  const { row, ids } = await validate(ctx, holder, perm, target);
  const [table, column, holderId] =
    'user' in holder
      ? [target.policy.userGrantTable, 'user_id', holder.user]
      : [target.policy.groupGrantTable, 'group_id', holder.group];
  let removed = 0;
  for (let i = 0; i < ids.length; i += CHUNK) {
    const result = await authzWrite(ctx, (tx) =>
      grantDb(tx)
        .deleteFrom(table)
        .where(column as 'user_id', '=', holderId)
        .where('permission_id', '=', row.id)
        .where('object_id', 'in', ids.slice(i, i + CHUNK))
        .executeTakeFirst(),
    );
    removed += Number(result.numDeletedRows);
  }
  return removed;
}
