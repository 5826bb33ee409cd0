import type { ModelPermissionReason } from '@batterydb/authz';
import type { AppAuthz } from '../../authz/create-app-authz.ts';

function reasonText(reason: ModelPermissionReason): string {
  switch (reason.kind) {
    case 'superuser':
      return 'is an active superuser';
    case 'user-permission':
      return 'holds it directly';
    case 'group-permission':
      return `through group "${reason.group}"`;
  }
}

const DENIAL = {
  inactive: 'the account is inactive',
  'unknown-permission': 'no such permission is registered',
  'not-granted': 'neither the user nor any of their groups holds it',
  'outside-token-scope': 'the API token is not scoped to it',
} as const;

/** `perms check USERNAME PERM`: "yes"/"no" and why, as one line. Exit code 0 either way. */
export async function permsCheck(
  authz: AppAuthz,
  username: string,
  perm: string,
): Promise<{ allowed: boolean; line: string }> {
  const user = await authz.findUserByUsername(username);
  if (!user) return { allowed: false, line: `no: there is no user "${username}"` };
  const result = await authz.explainPerm(user.id, perm);
  if (result.allowed)
    return { allowed: true, line: `yes: ${user.username} ${result.reasons.map(reasonText).join('; ')}` };
  return { allowed: false, line: `no: ${DENIAL[result.why]}` };
}
