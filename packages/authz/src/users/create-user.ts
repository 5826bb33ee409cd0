import type { AuthzContext } from '../context.ts';
import { bumpGeneration } from '../context.ts';
import { conflict, invalidInput } from '../errors.ts';
import { validateNewPassword } from '../passwords/validate-password.ts';
import { isValidUsername, toUser, usernameKey, type User, USERNAME_MAX } from './user.ts';

export interface NewUser {
  username: string;
  email?: string;
  /** Omit for an account that cannot sign in until a password is set. */
  password?: string;
  isActive?: boolean;
  isStaff?: boolean;
  isSuperuser?: boolean;
}

const EMAIL = /^[^\s@]+@[^\s@]+$/;

export function validateEmail(email: string): string {
  if (email.length > 254 || (email !== '' && !EMAIL.test(email)))
    throw invalidInput('email', 'email must be an e-mail address');
  return email;
}

/** Creates a user. A username taken in any letter case is a CONFLICT naming `username`. */
export async function createUser(ctx: AuthzContext, input: NewUser): Promise<User> {
  if (!isValidUsername(input.username))
    throw invalidInput(
      'username',
      `username must be 1–${USERNAME_MAX} letters, digits or . @ + _ - characters`,
    );
  const email = validateEmail(input.email ?? '');
  const passwordHash =
    input.password === undefined ? null : await ctx.hasher.hash(validateNewPassword(input.password));
  const key = usernameKey(input.username);
  const taken = await ctx.db
    .selectFrom('authz_user')
    .select('id')
    .where('username_key', '=', key)
    .executeTakeFirst();
  if (taken) throw conflict('username', `username "${input.username}" is already taken`);
  try {
    const row = await ctx.db
      .insertInto('authz_user')
      .values({
        username: input.username,
        username_key: key,
        email,
        password_hash: passwordHash,
        is_active: input.isActive === false ? 0 : 1,
        is_staff: input.isStaff ? 1 : 0,
        is_superuser: input.isSuperuser ? 1 : 0,
        last_login: null,
        date_joined: ctx.now(),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    bumpGeneration(ctx);
    return toUser(row);
  } catch (error) {
    // A concurrent insert of the same name lost the race at the unique index.
    if (isUniqueViolation(error)) throw conflict('username', `username "${input.username}" is already taken`);
    throw error;
  }
}

export function isUniqueViolation(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const code = (error as { code?: unknown }).code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}
