import type { GrantHolder, HolderPermissions, PermissionSource, Subject } from '@batterydb/authz';
import type { AppAuthz } from '../../authz/create-app-authz.ts';
import { ROW_PERMISSIONS } from '../../experiments/page-permissions.ts';
import { shareExperiment } from '../../experiments/share-experiment.ts';
import { FormInputError } from '../forms/form-errors.ts';
import { saidAsTheirGroup } from './access-words.ts';

/** A grant stored for one holder, whether it counts now or not, and whether the viewer may revoke it. */
export interface StoredGrantLine {
  perm: string;
  expiresAt: Date | null;
  /** False while it does not count: ended, or `change`/`delete` on a public experiment (curated). */
  counts: boolean;
  revocable: boolean;
}

/** One line of "who has access and why". */
export interface AccessLine {
  kind: 'user' | 'group' | 'everyone';
  name: string;
  permissions: { perm: string; sources: PermissionSource[] }[];
  /** Grants stored for this holder (empty for rules and roles alone). */
  grants: StoredGrantLine[];
}

/** A user or group chosen by name, with what the viewer may give them here. */
export interface ChosenHolder {
  kind: 'user' | 'group';
  name: string;
  holder: GrantHolder;
  /** Permissions the viewer may grant this holder, in the page's order. */
  offer: string[];
  /** The others, with the grant policy's reason. */
  refused: { perm: string; reason: string }[];
}

const order = (perm: string) => (ROW_PERMISSIONS as readonly string[]).indexOf(perm);
const byOrder = (a: string, b: string) => order(a) - order(b);

/**
 * The kit's `grantable`: what `actorId` may grant (and so revoke) on this experiment to this
 * holder — the grant policy asked per permission (SPEC §4: only what the actor holds here,
 * never to itself or a group it belongs to, never to an account it may not see), so the page
 * offers exactly the checkboxes the server would accept.
 */
async function decide(authz: AppAuthz, actorId: number, experimentId: number, holder: GrantHolder) {
  const answers = await authz.experiments.grantable(actorId, experimentId, holder);
  return answers.filter((a) => order(a.permission) >= 0);
}

/** Who may do what with the experiment, and why (the kit's who-has), and every stored grant. */
export async function accessList(
  authz: AppAuthz,
  actorId: number,
  experimentId: number,
): Promise<AccessLine[]> {
  const [users, groups, stored] = await Promise.all([
    authz.experiments.usersWithPerms(experimentId),
    authz.experiments.groupsWithPerms(experimentId),
    authz.experiments.grants(experimentId),
  ]);
  // What each holder with stored grants may have revoked by this viewer: one policy call each.
  const holders = new Map<string, { kind: 'user' | 'group'; name: string; holder: GrantHolder }>();
  for (const g of stored) {
    const [kind, name, holder]: ['user' | 'group', string, GrantHolder] =
      'user' in g.holder
        ? ['user', g.holder.user.username, { user: g.holder.user.id }]
        : ['group', g.holder.group.name, { group: g.holder.group.id }];
    holders.set(`${kind}:${name}`, { kind, name, holder });
  }
  const revocable = new Map<string, Set<string>>();
  for (const [key, h] of holders) {
    const answers = await decide(authz, actorId, experimentId, h.holder);
    revocable.set(key, new Set(answers.filter((a) => a.decision.allowed).map((a) => a.permission)));
  }
  const grantsOf = (kind: 'user' | 'group', name: string): StoredGrantLine[] =>
    stored
      .filter((g) =>
        'user' in g.holder
          ? kind === 'user' && g.holder.user.username === name
          : kind === 'group' && g.holder.group.name === name,
      )
      .filter((g) => order(g.permission) >= 0)
      .sort((a, b) => byOrder(a.permission, b.permission))
      .map((g) => ({
        perm: g.permission,
        expiresAt: g.expiresAt,
        counts: g.counts,
        revocable: revocable.get(`${kind}:${name}`)?.has(g.permission) ?? false,
      }));

  // Experiment actions only, in the list's order: a model-wide permission such as
  // add_experiment is not about this experiment.
  const line =
    <H>(kind: 'user' | 'group', name: (h: H) => string) =>
    (h: HolderPermissions<H>): AccessLine => ({
      kind,
      name: name(h.holder),
      permissions: h.permissions.filter((p) => order(p.perm) >= 0).sort((a, b) => byOrder(a.perm, b.perm)),
      grants: grantsOf(kind, name(h.holder)),
    });
  const groupLines = groups.map(line<{ name: string }>('group', (g) => g.name));
  const listed = new Set(groupLines.filter((l) => l.permissions.length > 0).map((l) => l.name));
  // A member who holds everything through a group listed below is said once, as the group
  // (Maintainers are not listed one by one and then again as their role).
  const onlyThroughListedGroup = (l: AccessLine) => saidAsTheirGroup(l.permissions, l.grants.length, listed);
  const lines: AccessLine[] = [
    ...users.users
      .map(line<{ username: string }>('user', (u) => u.username))
      .filter((l) => !onlyThroughListedGroup(l)),
    ...groupLines,
  ].filter((l) => l.permissions.length > 0 || l.grants.length > 0);
  // Holders whose only grants do not count now (who-has leaves them out): listed, to be revoked.
  for (const h of holders.values())
    if (!lines.some((l) => l.kind === h.kind && l.name === h.name)) {
      const grants = grantsOf(h.kind, h.name);
      if (grants.length > 0) lines.push({ kind: h.kind, name: h.name, permissions: [], grants });
    }
  for (const e of users.everyone)
    lines.push({
      kind: 'everyone',
      name: e.anonymous ? 'everyone, signed in or not' : 'every signed-in user',
      permissions: [{ perm: e.perm, sources: [{ kind: 'rule', rule: e.rule, group: null }] }],
      grants: [],
    });
  return lines;
}

/** A holder typed by name: an active user, or a group, with its name as stored. */
export async function holderByName(
  authz: AppAuthz,
  kind: string,
  name: string,
): Promise<{ kind: 'user' | 'group'; name: string; holder: GrantHolder }> {
  const text = name.trim();
  if (text === '') throw new FormInputError('name', 'type the name of a user or group');
  if (kind === 'group') {
    const group = await authz.findGroupByName(text);
    if (!group) throw new FormInputError('name', `there is no group named “${text}”`);
    return { kind: 'group', name: group.name, holder: { group: group.id } };
  }
  const user = await authz.findUserByUsername(text);
  if (!user || !user.isActive) throw new FormInputError('name', `there is no active user named “${text}”`);
  return { kind: 'user', name: user.username, holder: { user: user.id } };
}

/** The holder typed by name and what the viewer may give them on this experiment. */
export async function chooseHolder(
  authz: AppAuthz,
  actorId: number,
  experimentId: number,
  kind: string,
  name: string,
): Promise<ChosenHolder> {
  const found = await holderByName(authz, kind, name);
  const answers = await decide(authz, actorId, experimentId, found.holder);
  return {
    ...found,
    offer: answers
      .filter((a) => a.decision.allowed)
      .map((a) => a.permission)
      .sort(byOrder),
    refused: answers
      .filter((a) => !a.decision.allowed)
      .sort((a, b) => byOrder(a.permission, b.permission))
      .map((a) => ({ perm: a.permission, reason: a.decision.allowed ? '' : a.decision.reason })),
  };
}

/** Grant or revoke through the one sharing function the API uses. */
export function changeSharing(
  authz: AppAuthz,
  actor: Subject | null,
  experimentId: number,
  change: { holder: GrantHolder; permissions: string[]; expiresAt: Date | null },
  mode: 'grant' | 'revoke',
  clientAddress: string,
): Promise<void> {
  return shareExperiment(authz, actor, experimentId, change, mode, clientAddress);
}
