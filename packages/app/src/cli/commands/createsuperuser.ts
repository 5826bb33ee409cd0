import { AuthzError } from '@batterydb/authz';
import type { AppAuthz } from '../../authz/create-app-authz.ts';
import { prompt, promptHidden, readStdin } from '../read-secret.ts';

export interface CreateSuperuserOptions {
  username?: string;
  email?: string;
}

/**
 * Interactive when both are omitted and stdin is a terminal; for scripts, `--username` and
 * `--email` with the password from BATTERYDB_PASSWORD or standard input (never an argument:
 * arguments are visible to every user of the machine in the process list).
 */
export async function createSuperuser(
  authz: AppAuthz,
  options: CreateSuperuserOptions,
  env = process.env,
): Promise<string> {
  const interactive = options.username === undefined && process.stdin.isTTY;
  let username = options.username;
  let email = options.email ?? '';
  let password: string;
  if (interactive) {
    username = (await prompt('Username: ')).trim();
    email = (await prompt('Email address: ')).trim();
    password = await promptHidden('Password: ');
    if ((await promptHidden('Password (again): ')) !== password)
      throw new AuthzError('INVALID_INPUT', 'the two passwords differ', 'password');
  } else {
    if (!username)
      throw new AuthzError('INVALID_INPUT', '--username is required when not interactive', 'username');
    password = env.BATTERYDB_PASSWORD ?? (process.stdin.isTTY ? '' : await readStdin());
    if (password === '')
      throw new AuthzError(
        'INVALID_INPUT',
        'set BATTERYDB_PASSWORD or pipe the password on standard input',
        'password',
      );
  }
  // The account and its audit entry (SPEC §5: createsuperuser is audit-worthy) commit together.
  const user = await authz.transaction(async (tx) => {
    const created = await tx.createUser({ username, email, password, isStaff: true, isSuperuser: true });
    await tx.recordAudit({
      actorId: null,
      action: 'user.createsuperuser',
      target: { type: 'auth.user', id: created.id },
      before: null,
      after: { username: created.username, email: created.email, isStaff: true, isSuperuser: true },
    });
    return created;
  });
  return `Superuser "${user.username}" created (id ${user.id}).`;
}
