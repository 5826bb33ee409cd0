import type { AuthzContext } from '../context.ts';
import { notFound } from '../errors.ts';
import { toUser, type User, usernameKey } from './user.ts';

/** The user with this id, or null. */
export async function findUser(ctx: AuthzContext, id: number): Promise<User | null> {
  const row = await ctx.db.selectFrom('authz_user').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toUser(row) : null;
}

/** The user with this id; NOT_FOUND when there is none. */
export async function getUser(ctx: AuthzContext, id: number): Promise<User> {
  const user = await findUser(ctx, id);
  if (!user) throw notFound(`user ${id}`, 'user');
  return user;
}

/** Looks a username up without regard to case. */
export async function findUserByUsername(ctx: AuthzContext, username: string): Promise<User | null> {
  const row = await ctx.db
    .selectFrom('authz_user')
    .selectAll()
    .where('username_key', '=', usernameKey(username))
    .executeTakeFirst();
  return row ? toUser(row) : null;
}
