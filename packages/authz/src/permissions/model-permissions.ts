import type { AuthzContext } from '../context.ts';
import { authzWrite } from '../generation/authz-write.ts';
import { notFound } from '../errors.ts';
import { permissionIds } from './permission-ids.ts';

/**
 * Model-level permission rows for users and groups. Every function is set-based and
 * idempotent: one statement for many permissions, and adding what is there changes nothing.
 */
type Holder = { kind: 'user'; id: number } | { kind: 'group'; id: number };

async function assertHolder(ctx: AuthzContext, holder: Holder): Promise<void> {
  const table = holder.kind === 'user' ? 'authz_user' : 'authz_group';
  const row = await ctx.db.selectFrom(table).select('id').where('id', '=', holder.id).executeTakeFirst();
  if (!row) throw notFound(`${holder.kind} ${holder.id}`, holder.kind);
}

export async function addPermissions(
  ctx: AuthzContext,
  holder: Holder,
  perms: readonly string[],
): Promise<void> {
  const ids = await permissionIds(ctx, perms);
  await assertHolder(ctx, holder);
  if (ids.length === 0) return;
  await authzWrite(ctx, async ({ db }) => {
    if (holder.kind === 'user')
      await db
        .insertInto('authz_user_permission')
        .values(ids.map((permission_id) => ({ user_id: holder.id, permission_id })))
        .onConflict((oc) => oc.columns(['user_id', 'permission_id']).doNothing())
        .execute();
    else
      await db
        .insertInto('authz_group_permission')
        .values(ids.map((permission_id) => ({ group_id: holder.id, permission_id })))
        .onConflict((oc) => oc.columns(['group_id', 'permission_id']).doNothing())
        .execute();
  });
}

export async function removePermissions(
  ctx: AuthzContext,
  holder: Holder,
  perms: readonly string[],
): Promise<void> {
  const ids = await permissionIds(ctx, perms);
  await assertHolder(ctx, holder);
  if (ids.length === 0) return;
  await authzWrite(ctx, async ({ db }) => {
    if (holder.kind === 'user')
      await db
        .deleteFrom('authz_user_permission')
        .where('user_id', '=', holder.id)
        .where('permission_id', 'in', ids)
        .execute();
    else
      await db
        .deleteFrom('authz_group_permission')
        .where('group_id', '=', holder.id)
        .where('permission_id', 'in', ids)
        .execute();
  });
}

/** The holder's own permission strings (not through groups). */
export async function permissionsOf(ctx: AuthzContext, holder: Holder): Promise<string[]> {
  await assertHolder(ctx, holder);
  const rows =
    holder.kind === 'user'
      ? await ctx.db
          .selectFrom('authz_user_permission as x')
          .innerJoin('authz_permission as p', 'p.id', 'x.permission_id')
          .select(['p.app', 'p.codename'])
          .where('x.user_id', '=', holder.id)
          .execute()
      : await ctx.db
          .selectFrom('authz_group_permission as x')
          .innerJoin('authz_permission as p', 'p.id', 'x.permission_id')
          .select(['p.app', 'p.codename'])
          .where('x.group_id', '=', holder.id)
          .execute();
  return rows.map((r) => `${r.app}.${r.codename}`).sort();
}

/** Brings a holder's own permissions to exactly `perms` (used by the role sync). */
export async function setPermissions(
  ctx: AuthzContext,
  holder: Holder,
  perms: readonly string[],
): Promise<{ added: string[]; removed: string[] }> {
  const current = new Set(await permissionsOf(ctx, holder));
  const wanted = new Set(perms);
  const added = [...wanted].filter((p) => !current.has(p));
  const removed = [...current].filter((p) => !wanted.has(p));
  await addPermissions(ctx, holder, added);
  if (removed.length > 0) {
    // Permissions that are no longer registered cannot be resolved by name; delete by id.
    const unknown = removed.filter((p) => !ctx.registry.isPermission(p));
    await removePermissions(
      ctx,
      holder,
      removed.filter((p) => ctx.registry.isPermission(p)),
    );
    if (unknown.length > 0) await removeUnregistered(ctx, holder, unknown);
  }
  return { added, removed };
}

async function removeUnregistered(
  ctx: AuthzContext,
  holder: Holder,
  perms: readonly string[],
): Promise<void> {
  await authzWrite(ctx, async ({ db }) => {
    for (const perm of perms) {
      const [app, codename] = perm.split('.') as [string, string];
      const row = await db
        .selectFrom('authz_permission')
        .select('id')
        .where('app', '=', app)
        .where('codename', '=', codename)
        .executeTakeFirst();
      if (!row) continue;
      if (holder.kind === 'user')
        await db
          .deleteFrom('authz_user_permission')
          .where('user_id', '=', holder.id)
          .where('permission_id', '=', row.id)
          .execute();
      else
        await db
          .deleteFrom('authz_group_permission')
          .where('group_id', '=', holder.id)
          .where('permission_id', '=', row.id)
          .execute();
    }
  });
}

export type { Holder };
