import type { HolderPermissions, PermissionSource, Subject } from '@batterydb/authz';
import type { AppAuthz } from '../../authz/create-app-authz.ts';
import type { ExperimentRow } from '../../experiments/get-experiment.ts';
import { ROW_PERMISSIONS } from '../../experiments/page-permissions.ts';
import { shareExperiment } from '../../experiments/share-experiment.ts';
import { FormInputError } from '../forms/form-errors.ts';

/** One line of "who has access and why". */
export interface AccessLine {
  kind: 'user' | 'group' | 'everyone';
  name: string;
  permissions: { perm: string; sources: PermissionSource[] }[];
}

/** Who may do what with the experiment, and why (the kit's who-has, the API's `…/permissions`). */
export async function accessList(authz: AppAuthz, experimentId: number): Promise<AccessLine[]> {
  const [users, groups] = await Promise.all([
    authz.experiments.usersWithPerms(experimentId),
    authz.experiments.groupsWithPerms(experimentId),
  ]);
  // Experiment actions only, in the list's order: a model-wide permission such as
  // add_experiment is not about this experiment.
  const order = (perm: string) => (ROW_PERMISSIONS as readonly string[]).indexOf(perm);
  const line =
    <H>(kind: 'user' | 'group', name: (h: H) => string) =>
    (h: HolderPermissions<H>) => ({
      kind,
      name: name(h.holder),
      permissions: h.permissions
        .filter((p) => order(p.perm) >= 0)
        .sort((a, b) => order(a.perm) - order(b.perm)),
    });
  const lines: AccessLine[] = [
    ...users.users.map(line<{ username: string }>('user', (u) => u.username)),
    ...groups.map(line<{ name: string }>('group', (g) => g.name)),
    ...users.everyone.map((e) => ({
      kind: 'everyone' as const,
      name: e.anonymous ? 'everyone, signed in or not' : 'every signed-in user',
      permissions: [{ perm: e.perm, sources: [{ kind: 'rule' as const, rule: e.rule, group: null }] }],
    })),
  ];
  return lines.filter((l) => l.permissions.length > 0);
}

/**
 * The permissions the sharing form offers as checkboxes: those the actor holds on this
 * experiment (SPEC §4: nobody hands out what they do not hold). The server decides again on
 * every grant, for the holder chosen.
 */
export async function grantableByActor(
  authz: AppAuthz,
  actor: Subject | null,
  row: ExperimentRow,
): Promise<string[]> {
  const held = await authz.experiments.getPerms(actor, row);
  return ROW_PERMISSIONS.filter((p) => held.has(p));
}

/** A holder typed by name: an active user, or a group. */
export async function holderByName(
  authz: AppAuthz,
  kind: string,
  name: string,
): Promise<{ user: number } | { group: number }> {
  const text = name.trim();
  if (text === '') throw new FormInputError('name', 'type the name of a user or group');
  if (kind === 'group') {
    const group = await authz.findGroupByName(text);
    if (!group) throw new FormInputError('name', `there is no group named “${text}”`);
    return { group: group.id };
  }
  const user = await authz.findUserByUsername(text);
  if (!user || !user.isActive) throw new FormInputError('name', `there is no active user named “${text}”`);
  return { user: user.id };
}

/** Grant or revoke through the one sharing function the API uses. */
export function changeSharing(
  authz: AppAuthz,
  actor: Subject | null,
  experimentId: number,
  change: { holder: { user: number } | { group: number }; permissions: string[]; expiresAt: Date | null },
  mode: 'grant' | 'revoke',
  clientAddress: string,
): Promise<void> {
  return shareExperiment(authz, actor, experimentId, change, mode, clientAddress);
}
