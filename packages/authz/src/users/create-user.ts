import type { AuthzContext } from '../context.ts';
import { bumpGeneration } from '../context.ts';
import { conflict, invalidInput } from '../errors.ts';
import { validateNewPassword } from '../passwords/validate-password.ts';
import { nameSkeleton } from './name-skeleton.ts';
import {
  canonicalUsername,
  FULL_NAME_MAX,
  isValidUsername,
  toUser,
  usernameKey,
  type User,
  USERNAME_MAX,
  validFullName,
} from './user.ts';

export interface NewUser {
  username: string;
  email?: string;
  /** The person's name (optional). */
  fullName?: string;
  /** Omit for an account that cannot sign in until a password is set. */
  password?: string;
  isActive?: boolean;
  isStaff?: boolean;
  isSuperuser?: boolean;
}

const EMAIL = /^[^\s@]+@[^\s@]+$/;

export function validateFullName(name: string): string {
  const valid = validFullName(name);
  if (valid === null)
    throw invalidInput(
      'fullName',
      `fullName must be at most ${FULL_NAME_MAX} characters, without control characters`,
    );
  return valid;
}

export function validateEmail(email: string): string {
  if (email.length > 254 || (email !== '' && !EMAIL.test(email)))
    throw invalidInput('email', 'email must be an e-mail address');
  return email;
}

/**
 * Creates a user. A username taken in any letter case, or one that looks like a taken one (the
 * same TR39 skeleton: "rооt" in Cyrillic beside "root", "r00t"), is a CONFLICT naming `username`.
 */
export async function createUser(ctx: AuthzContext, input: NewUser): Promise<User> {
  if (!isValidUsername(input.username))
    throw invalidInput(
      'username',
      `username must be 1–${USERNAME_MAX} characters: ASCII letters, digits or . @ + _ -`,
    );
  const username = canonicalUsername(input.username);
  const email = validateEmail(input.email ?? '');
  const fullName = validateFullName(input.fullName ?? '');
  const passwordHash =
    input.password === undefined
      ? null
      : await ctx.hasher.hash(await validateNewPassword(input.password, { username, email, fullName }));
  const key = usernameKey(username);
  const skeleton = nameSkeleton(username);
  const taken = await ctx.db
    .selectFrom('authz_user')
    .select('username_key')
    .where((eb) => eb.or([eb('username_key', '=', key), eb('username_skeleton', '=', skeleton)]))
    .executeTakeFirst();
  const conflictError = () =>
    conflict(
      'username',
      taken?.username_key === key || taken === undefined
        ? `username "${username}" is already taken`
        : `username "${username}" looks too much like an existing username`,
    );
  if (taken) throw conflictError();
  try {
    const row = await ctx.db
      .insertInto('authz_user')
      .values({
        username,
        username_key: key,
        username_skeleton: skeleton,
        email,
        full_name: fullName,
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
    // A concurrent insert of the same (or a look-alike) name lost the race at a unique index.
    if (isUniqueViolation(error)) throw conflictError();
    throw error;
  }
}

export function isUniqueViolation(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const code = (error as { code?: unknown }).code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}
