import { invalidInput } from '../errors.ts';
import { isCommonPassword } from './common-passwords.ts';
import { similarValue } from './password-similarity.ts';

/** Length in characters (code points), NIST SP 800-63B §5.1.1.2; no composition rules. */
export const MIN_PASSWORD_LENGTH = 8;
/** Long enough for any passphrase, short enough that hashing it is no lever for a DoS. */
export const MAX_PASSWORD_LENGTH = 128;

/** Who the password is for: it must not resemble these (SPEC §5). */
export interface PasswordOwner {
  readonly username: string;
  readonly email?: string;
  readonly fullName?: string;
}

/**
 * The password policy, one rule for every way a password is set (createsuperuser, admin create,
 * admin set, own change), checked before anything is hashed. Throws INVALID_INPUT naming `field`
 * and the rule that refused it; returns the password when it passes.
 *
 * @example
 * await validateNewPassword(input.password, { username: 'alice', email: 'alice@lab.example' });
 */
export async function validateNewPassword(
  password: unknown,
  owner: PasswordOwner,
  field = 'password',
): Promise<string> {
  if (typeof password !== 'string') throw invalidInput(field, `${field} must be a string`);
  const length = [...password].length;
  if (length < MIN_PASSWORD_LENGTH || length > MAX_PASSWORD_LENGTH)
    throw invalidInput(
      field,
      `${field} must have ${MIN_PASSWORD_LENGTH}–${MAX_PASSWORD_LENGTH} characters (it has ${length})`,
    );
  const email = owner.email ?? '';
  const fullName = owner.fullName ?? '';
  const similar = similarValue(password, [owner.username, email, email.split('@')[0] ?? '', fullName]);
  if (similar !== undefined)
    throw invalidInput(
      field,
      `${field} is too similar to the ${
        similar === owner.username ? 'username' : similar === fullName ? 'name' : 'e-mail address'
      }`,
    );
  if (await isCommonPassword(password))
    throw invalidInput(field, `${field} is one of the most commonly breached passwords; choose another`);
  return password;
}
