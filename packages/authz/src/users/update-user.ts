import type { Updateable } from 'kysely';
import type { AuthzContext } from '../context.ts';
import { bumpGeneration } from '../context.ts';
import { notFound } from '../errors.ts';
import { validateNewPassword } from '../passwords/validate-password.ts';
import type { UserTable } from '../schema/tables.ts';
import { validateEmail } from './create-user.ts';
import { toUser, type User } from './user.ts';

export interface UserChanges {
  email?: string;
  isActive?: boolean;
  isStaff?: boolean;
  isSuperuser?: boolean;
}

/**
 * Changes a user's e-mail and flags. This is the kit's mechanism only: whether an actor may
 * make the change is decided by the no-escalation policy before it is called.
 */
export async function updateUser(ctx: AuthzContext, id: number, changes: UserChanges): Promise<User> {
  const values: Updateable<UserTable> = {};
  if (changes.email !== undefined) values.email = validateEmail(changes.email);
  if (changes.isActive !== undefined) values.is_active = changes.isActive ? 1 : 0;
  if (changes.isStaff !== undefined) values.is_staff = changes.isStaff ? 1 : 0;
  if (changes.isSuperuser !== undefined) values.is_superuser = changes.isSuperuser ? 1 : 0;
  const query = ctx.db.updateTable('authz_user').where('id', '=', id);
  const row =
    Object.keys(values).length === 0
      ? await ctx.db.selectFrom('authz_user').selectAll().where('id', '=', id).executeTakeFirst()
      : await query.set(values).returningAll().executeTakeFirst();
  if (!row) throw notFound(`user ${id}`, 'user');
  bumpGeneration(ctx);
  return toUser(row);
}

/** Sets a new password (validated before hashing); `null` makes the password unusable. */
export async function setPassword(ctx: AuthzContext, id: number, password: string | null): Promise<void> {
  const hash = password === null ? null : await ctx.hasher.hash(validateNewPassword(password));
  const result = await ctx.db
    .updateTable('authz_user')
    .set({ password_hash: hash })
    .where('id', '=', id)
    .executeTakeFirst();
  if (result.numUpdatedRows === 0n) throw notFound(`user ${id}`, 'user');
}

/** Deletes a user; memberships, permissions and grants go with it (ON DELETE CASCADE). */
export async function deleteUser(ctx: AuthzContext, id: number): Promise<void> {
  const result = await ctx.db.deleteFrom('authz_user').where('id', '=', id).executeTakeFirst();
  if (result.numDeletedRows === 0n) throw notFound(`user ${id}`, 'user');
  bumpGeneration(ctx);
}
