import { AuthzError } from '@batterydb/authz';
import type { AppAuthz } from '../../authz/create-app-authz.ts';

/**
 * `second-factor remove --user U`: the operator's way back in when the only people who could
 * remove a factor on the admin page (superusers) lost their phone and recovery codes. Whoever
 * runs commands on the server already holds the database; audited with the system as actor.
 */
export async function removeSecondFactorCommand(authz: AppAuthz, username: string): Promise<string> {
  const user = await authz.findUserByUsername(username);
  if (!user) throw new AuthzError('NOT_FOUND', `there is no user "${username}"`, 'user');
  const removed = await authz.removeSecondFactor(user.id, { actorId: null, clientAddress: 'cli' });
  if (!removed) throw new AuthzError('CONFLICT', `${user.username} has no second factor`, 'user');
  return `${user.username}'s second factor and recovery codes are removed: their password alone signs them in now.`;
}
