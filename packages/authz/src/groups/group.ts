import type { AuthzContext } from '../context.ts';
import { bumpGeneration } from '../context.ts';
import { conflict, invalidInput, notFound } from '../errors.ts';
import { isUniqueViolation } from '../users/create-user.ts';

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

export async function createGroup(ctx: AuthzContext, name: string): Promise<Group> {
  try {
    return await ctx.db
      .insertInto('authz_group')
      .values({ name: validName(name) })
      .returning(['id', 'name'])
      .executeTakeFirstOrThrow();
  } catch (error) {
    if (isUniqueViolation(error)) throw conflict('name', `group "${name}" already exists`);
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
  try {
    const group = await ctx.db
      .updateTable('authz_group')
      .set({ name: validName(name) })
      .where('id', '=', id)
      .returning(['id', 'name'])
      .executeTakeFirst();
    if (!group) throw notFound(`group ${id}`, 'group');
    bumpGeneration(ctx);
    return group;
  } catch (error) {
    if (isUniqueViolation(error)) throw conflict('name', `group "${name}" already exists`);
    throw error;
  }
}

/** Deletes a group; its memberships, permissions and grants go with it (ON DELETE CASCADE). */
export async function deleteGroup(ctx: AuthzContext, id: number): Promise<void> {
  const result = await ctx.db.deleteFrom('authz_group').where('id', '=', id).executeTakeFirst();
  if (result.numDeletedRows === 0n) throw notFound(`group ${id}`, 'group');
  bumpGeneration(ctx);
}
