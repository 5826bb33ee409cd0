import type { Access } from '../../server/access.ts';
import { roles } from '../../authz/roles.ts';

/** Roles (groups declared in code) whose members hold `permission` on every object. */
function rolesHolding(permission: string): string[] {
  return roles.filter((r) => (r.permissions as readonly string[]).includes(permission)).map((r) => r.name);
}

const list = (names: readonly string[]) =>
  names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} or ${names.at(-1)}`;

/** What a person may do about an experiment action refused to them: who can, and how to get it. */
const EXPERIMENT_HELP: Record<string, string> = {
  'batterydb.view_experiment':
    'Its owner, the people it is shared with and Maintainers see a private experiment; everyone signed in sees a published one.',
  'batterydb.change_experiment':
    'Its owner (and whoever it is shared with for editing) may change it while it is private; Maintainers may change any experiment. A published experiment is changed by Maintainers only: its owner can ask for a correction on its page.',
  'batterydb.delete_experiment':
    'Its owner may delete it while it is private; Maintainers may delete any experiment.',
  'batterydb.change_experiment_status':
    'Maintainers publish and unpublish experiments; a Contributor asks for publication on the experiment’s page.',
};

/**
 * The words of a 403 page beyond the refusal itself (issue 24: say why, and what to do): which
 * role or rule gives what the route needs, and whom to ask. Read from the route's declared
 * access, so the words cannot drift from what the server checks.
 */
export function forbiddenHelp(access: Access | undefined): string | null {
  if (!access) return null;
  switch (access.kind) {
    case 'public':
    case 'signed-in':
    case 'dataset':
      return null;
    case 'object':
      return EXPERIMENT_HELP[access.permission] ?? null;
    case 'staff':
    case 'permission': {
      const holders = rolesHolding(access.permission);
      const staff = access.kind === 'staff' ? 'The admin site is for staff accounts. ' : '';
      const role = holders.length
        ? `Members of the ${list(holders)} role hold the permission ${access.permission}.`
        : `It needs the permission ${access.permission}, which a superuser gives.`;
      return `${staff}${role} Ask a staff member of your lab (someone who manages the accounts) to give it to you.`;
    }
  }
}
