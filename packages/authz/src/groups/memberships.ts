import type { AuthzContext } from '../context.ts';
import { authzWrite } from '../generation/authz-write.ts';
import { notFound } from '../errors.ts';

async function assertExists(ctx: AuthzContext, userId: number, groupId: number): Promise<void> {
  const [user, group] = await Promise.all([
    ctx.db.selectFrom('authz_user').select('id').where('id', '=', userId).executeTakeFirst(),
    ctx.db.selectFrom('authz_group').select('id').where('id', '=', groupId).executeTakeFirst(),
  ]);
  if (!user) throw notFound(`user ${userId}`, 'user');
  if (!group) throw notFound(`group ${groupId}`, 'group');
}

/** Idempotent: adding a member twice leaves one membership. */
export async function addMember(ctx: AuthzContext, groupId: number, userId: number): Promise<void> {
  await assertExists(ctx, userId, groupId);
  await authzWrite(ctx, ({ db }) =>
    db
      .insertInto('authz_user_group')
      .values({ user_id: userId, group_id: groupId })
      .onConflict((oc) => oc.columns(['user_id', 'group_id']).doNothing())
      .execute(),
  );
}

export async function removeMember(ctx: AuthzContext, groupId: number, userId: number): Promise<void> {
  await assertExists(ctx, userId, groupId);
  await authzWrite(ctx, ({ db }) =>
    db.deleteFrom('authz_user_group').where('user_id', '=', userId).where('group_id', '=', groupId).execute(),
  );
}

export async function groupIdsOf(ctx: AuthzContext, userId: number): Promise<number[]> {
  const rows = await ctx.db
    .selectFrom('authz_user_group')
    .select('group_id')
    .where('user_id', '=', userId)
    .execute();
  return rows.map((r) => r.group_id);
}

export async function memberIdsOf(ctx: AuthzContext, groupId: number): Promise<number[]> {
  const rows = await ctx.db
    .selectFrom('authz_user_group')
    .select('user_id')
    .where('group_id', '=', groupId)
    .orderBy('user_id')
    .execute();
  return rows.map((r) => r.user_id);
}
