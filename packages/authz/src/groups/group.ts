import type { AuthzContext } from '../context.ts';
import { authzWrite } from '../generation/authz-write.ts';
import { conflict, invalidInput, notFound } from '../errors.ts';
import { isUniqueViolation } from '../users/create-user.ts';
import { nameSkeleton } from '../users/name-skeleton.ts';

export interface Group {
  readonly id: number;
  readonly name: string;
}

function validName(name: string): string {
  const trimmed = name.trim();
  if (trimmed.length === 0 || trimmed.length > 150)
    throw invalidInput('name', 'name must have 1–150 characters');
  return trimmed;
}

/**
 * The group whose name looks like `name` (same skeleton), other than `exceptId`: a new name
 * must not be confusable with any group's, in any case or script ("maintainer", "Ｍaintainer"
 * and "Маintainer" beside "Maintainer").
 */
export async function findLookAlikeGroup(
  ctx: AuthzContext,
  name: string,
  exceptId?: number,
): Promise<Group | null> {
  let query = ctx.db
    .selectFrom('authz_group')
    .select(['id', 'name'])
    .where('name_skeleton', '=', nameSkeleton(name));
  if (exceptId !== undefined) query = query.where('id', '!=', exceptId);
  return (await query.executeTakeFirst()) ?? null;
}

const taken = (name: string, other: Group | null) =>
  conflict(
    'name',
    other === null || other.name === name
      ? `group "${name}" already exists`
      : `group name "${name}" looks too much like the existing group "${other.name}"`,
  );

export async function createGroup(ctx: AuthzContext, name: string): Promise<Group> {
  const valid = validName(name);
  const other = await findLookAlikeGroup(ctx, valid);
  if (other) throw taken(valid, other);
  try {
    return await ctx.db
      .insertInto('authz_group')
      .values({ name: valid, name_skeleton: nameSkeleton(valid) })
      .returning(['id', 'name'])
      .executeTakeFirstOrThrow();
  } catch (error) {
    if (isUniqueViolation(error)) throw taken(valid, await findLookAlikeGroup(ctx, valid));
    throw error;
  }
}

export async function findGroupByName(ctx: AuthzContext, name: string): Promise<Group | null> {
  return (
    (await ctx.db
      .selectFrom('authz_group')
      .select(['id', 'name'])
      .where('name', '=', name)
      .executeTakeFirst()) ?? null
  );
}

export async function getGroup(ctx: AuthzContext, id: number): Promise<Group> {
  const group = await ctx.db
    .selectFrom('authz_group')
    .select(['id', 'name'])
    .where('id', '=', id)
    .executeTakeFirst();
  if (!group) throw notFound(`group ${id}`, 'group');
  return group;
}

export async function renameGroup(ctx: AuthzContext, id: number, name: string): Promise<Group> {
  const valid = validName(name);
  const other = await findLookAlikeGroup(ctx, valid, id);
  if (other) throw taken(valid, other);
  try {
    // Rules name groups: a renamed group's members may gain or lose what a rule gives.
    return await authzWrite(ctx, async ({ db }) => {
      const group = await db
        .updateTable('authz_group')
        .set({ name: valid, name_skeleton: nameSkeleton(valid) })
        .where('id', '=', id)
        .returning(['id', 'name'])
        .executeTakeFirst();
      if (!group) throw notFound(`group ${id}`, 'group');
      return group;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw taken(valid, await findLookAlikeGroup(ctx, valid, id));
    throw error;
  }
}

/** Deletes a group; its memberships, permissions and grants go with it (ON DELETE CASCADE). */
export async function deleteGroup(ctx: AuthzContext, id: number): Promise<void> {
  await authzWrite(ctx, async ({ db }) => {
    const result = await db.deleteFrom('authz_group').where('id', '=', id).executeTakeFirst();
    if (result.numDeletedRows === 0n) throw notFound(`group ${id}`, 'group');
  });
}
