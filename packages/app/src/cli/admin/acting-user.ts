import { AuthzError, type Subject } from '@batterydb/authz';
import type { AppAuthz } from '../../authz/create-app-authz.ts';
import type { Access } from '../../server/access.ts';
import { decideAccess } from '../../server/auth/access-decision.ts';

/**
 * Who an admin command acts as — always a named account, so its audit entries name an actor and
 * the account's own policy applies: `--as USER` (or `BATTERYDB_AS`), else the one active
 * superuser; with several, the operator must choose (a guess would put the wrong name in the
 * audit log).
 */
export async function actingUser(
  authz: AppAuthz,
  as: string | undefined,
  env: NodeJS.ProcessEnv,
): Promise<Subject> {
  const name = as ?? env.BATTERYDB_AS;
  if (name !== undefined) {
    const user = await authz.findUserByUsername(name);
    if (!user || !user.isActive)
      throw new AuthzError('UNAUTHENTICATED', `there is no active user "${name}" to act as`, 'as');
    return (await authz.loadSubject(user.id))!;
  }
  const superusers = await authz.db
    .selectFrom('authz_user')
    .select(['id', 'username'])
    .where('is_superuser', '=', 1)
    .where('is_active', '=', 1)
    .orderBy('username_key')
    .limit(6)
    .execute();
  if (superusers.length === 0)
    throw new AuthzError(
      'UNAUTHENTICATED',
      'there is no active superuser to act as: create one with `batterydb createsuperuser`, or name a user with --as',
      'as',
    );
  if (superusers.length > 1)
    throw new AuthzError(
      'UNAUTHENTICATED',
      `several superusers (${superusers.map((u) => u.username).join(', ')}): choose one with --as or BATTERYDB_AS`,
      'as',
    );
  return (await authz.loadSubject(superusers[0]!.id))!;
}

/**
 * The command's access, declared and decided as its API route's `config.access` is
 * (`decideAccess`), so `--as` a user gets exactly the refusals the API gives that user.
 */
export function requireAccess(subject: Subject, access: Access, safe: boolean): void {
  const outcome = decideAccess(access, subject, { safeMethod: safe, anonymousRead: false });
  if (outcome === 'forbidden')
    throw new AuthzError(
      'FORBIDDEN',
      access.kind === 'staff'
        ? `${subject.user.username} may not do this: it needs staff status and ${access.permission}`
        : `${subject.user.username} may not do this`,
    );
  if (outcome === 'unauthenticated') throw new AuthzError('UNAUTHENTICATED', 'sign in first');
}
