import type { Updateable } from 'kysely';
import type { AuthzContext } from '../context.ts';
import { authzWrite } from '../generation/authz-write.ts';
import { notFound } from '../errors.ts';
import { validateNewPassword } from '../passwords/validate-password.ts';
import type { UserTable } from '../schema/tables.ts';
import { type EndedCredentials, endUserCredentials } from '../sessions/end-credentials.ts';
import { validateEmail, validateFullName } from './create-user.ts';
import { toUser, type User } from './user.ts';

export interface UserChanges {
  email?: string;
  fullName?: string;
  isActive?: boolean;
  isStaff?: boolean;
  isSuperuser?: boolean;
}

/**
 * Changes a user's e-mail, full name and flags. This is the kit's mechanism only: whether an actor may
 * make the change is decided by the no-escalation policy before it is called. Deactivating ends
 * every session and API token of the user with the same handle (so in the caller's transaction).
 */
export async function updateUser(ctx: AuthzContext, id: number, changes: UserChanges): Promise<User> {
  const values: Updateable<UserTable> = {};
  if (changes.email !== undefined) values.email = validateEmail(changes.email);
  if (changes.fullName !== undefined) values.full_name = validateFullName(changes.fullName);
  if (changes.isActive !== undefined) values.is_active = changes.isActive ? 1 : 0;
  if (changes.isStaff !== undefined) values.is_staff = changes.isStaff ? 1 : 0;
  if (changes.isSuperuser !== undefined) values.is_superuser = changes.isSuperuser ? 1 : 0;
  return authzWrite(ctx, async (tx) => {
    const row =
      Object.keys(values).length === 0
        ? await tx.db.selectFrom('authz_user').selectAll().where('id', '=', id).executeTakeFirst()
        : await tx.db
            .updateTable('authz_user')
            .where('id', '=', id)
            .set(values)
            .returningAll()
            .executeTakeFirst();
    if (!row) throw notFound(`user ${id}`, 'user');
    if (changes.isActive === false) await endUserCredentials(tx, id);
    return toUser(row);
  });
}

/**
 * Sets a new password (the password policy first, then one hash); `null` makes the password
 * unusable. Every session of the user ends but `exceptSessionId`, and every API token unless
 * `keepApiTokens` (SPEC §5) — with the same handle, so in the caller's transaction.
 */
export async function setPassword(
  ctx: AuthzContext,
  id: number,
  password: string | null,
  options: { keepApiTokens?: boolean; exceptSessionId?: number; field?: string } = {},
): Promise<EndedCredentials> {
  const row = await ctx.db
    .selectFrom('authz_user')
    .select(['username', 'email', 'full_name as fullName'])
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) throw notFound(`user ${id}`, 'user');
  const hash =
    password === null
      ? null
      : await ctx.hasher.hash(await validateNewPassword(password, row, options.field ?? 'password'));
  return authzWrite(ctx, async (tx) => {
    await tx.db.updateTable('authz_user').set({ password_hash: hash }).where('id', '=', id).execute();
    return endUserCredentials(tx, id, options);
  });
}

/** Deletes a user; memberships, permissions and grants go with it (ON DELETE CASCADE). */
export async function deleteUser(ctx: AuthzContext, id: number): Promise<void> {
  await authzWrite(ctx, async ({ db }) => {
    const result = await db.deleteFrom('authz_user').where('id', '=', id).executeTakeFirst();
    if (result.numDeletedRows === 0n) throw notFound(`user ${id}`, 'user');
  });
}
