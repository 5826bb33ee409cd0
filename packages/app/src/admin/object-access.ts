import { saidAsTheirGroup } from '../web/sharing/access-words.ts';
import type { Decision, GrantHolder, PermissionSource, StoredGrant, Subject } from '@batterydb/authz';
import type { AppAuthz } from '../authz/create-app-authz.ts';
import { type AdminObjectModel, objectPermissions } from './object-models.ts';

/** A grant stored for one holder on the object, whether it counts now (issue 8's `counts`). */
export interface HolderGrant {
  readonly perm: string;
  readonly expiresAt: Date | null;
  readonly counts: boolean;
  /** It ended (`expiresAt` has passed): it stays stored until revoked. */
  readonly expired: boolean;
  /** May the viewer revoke it? The grant policy's answer for this holder (`grantable`). */
  readonly revoke: Decision;
}

/** One line of guardian's "Object permissions" page: a holder, what it may do and why, its grants. */
export interface HolderLine {
  readonly kind: 'user' | 'group' | 'everyone';
  readonly id: number | null;
  readonly name: string;
  /** What the holder may do now, with every source (who-has: rules, roles, grants that count). */
  readonly permissions: readonly { perm: string; sources: readonly PermissionSource[] }[];
  /** Every grant stored for it, also those that do not count now (expired, curated away). */
  readonly grants: readonly HolderGrant[];
}

export interface ObjectAccess {
  readonly lines: HolderLine[];
  /** The object permissions the viewer holds here: what the grant form offers (the server decides again). */
  readonly offer: readonly string[];
  /** Every permission that can be held on one object of the model, in the registry's order. */
  readonly perms: readonly string[];
}

/** A line while it is being put together. */
interface Draft {
  kind: HolderLine['kind'];
  id: number | null;
  name: string;
  permissions: { perm: string; sources: readonly PermissionSource[] }[];
  grants: HolderGrant[];
}

const key = (kind: string, id: number | null, name: string) => `${kind}:${id ?? name}`;

/**
 * Who holds what on one object and why (the kit's who-has), every grant stored on it (also
 * those that do not count now), and for each holder with grants what the viewer may revoke —
 * the grant policy asked through `grantable`, the function `changeGrants` itself applies.
 */
export async function objectAccess(
  authz: AppAuthz,
  model: AdminObjectModel,
  viewer: Subject,
  id: number,
): Promise<ObjectAccess> {
  const api = authz.objects(model.policy);
  const perms = objectPermissions(authz, model.policy);
  const order = (perm: string) => perms.indexOf(perm);
  const [users, groups, grants, held] = await Promise.all([
    api.usersWithPerms(id),
    api.groupsWithPerms(id),
    api.grants(id),
    api.getPerms(viewer, id),
  ]);
  const lines = new Map<string, Draft>();
  const line = (kind: HolderLine['kind'], id: number | null, name: string): Draft => {
    const k = key(kind, id, name);
    const existing = lines.get(k);
    if (existing) return existing;
    const created: Draft = { kind, id, name, permissions: [], grants: [] };
    lines.set(k, created);
    return created;
  };
  const onObject = <T extends { perm: string }>(list: readonly T[]) =>
    list.filter((p) => order(p.perm) >= 0).sort((a, b) => order(a.perm) - order(b.perm));
  for (const u of users.users)
    line('user', u.holder.id, u.holder.username).permissions = onObject(u.permissions);
  for (const g of groups) line('group', g.holder.id, g.holder.name).permissions = onObject(g.permissions);
  for (const e of users.everyone)
    line(
      'everyone',
      null,
      e.anonymous ? 'everyone, signed in or not' : 'every signed-in user',
    ).permissions.push({
      perm: e.perm,
      sources: [{ kind: 'rule', rule: e.rule, group: null }],
    });

  // Stored grants by holder: each holder's revocations are the grant policy's answer for it.
  const byHolder = new Map<string, { holder: GrantHolder; line: Draft; grants: StoredGrant[] }>();
  for (const g of grants) {
    const [kind, holderId, name] =
      'user' in g.holder
        ? (['user', g.holder.user.id, g.holder.user.username] as const)
        : (['group', g.holder.group.id, g.holder.group.name] as const);
    const k = key(kind, holderId, name);
    const entry = byHolder.get(k) ?? {
      holder: kind === 'user' ? { user: holderId } : { group: holderId },
      line: line(kind, holderId, name),
      grants: [],
    };
    entry.grants.push(g);
    byHolder.set(k, entry);
  }
  for (const { holder, line: target, grants: stored } of byHolder.values()) {
    const decisions = new Map(
      (await api.grantable(viewer.user.id, id, holder)).map((o) => [o.permission, o.decision]),
    );
    for (const g of stored.sort((a, b) => order(a.permission) - order(b.permission)))
      target.grants.push({
        perm: g.permission,
        expiresAt: g.expiresAt,
        counts: g.counts,
        expired: g.expiresAt !== null && g.expiresAt.getTime() <= authz.now().getTime(),
        revoke: decisions.get(g.permission)!,
      });
  }
  const kindOrder = { user: 0, group: 1, everyone: 2 };
  const listed = new Set(
    [...lines.values()].filter((l) => l.kind === 'group' && l.permissions.length > 0).map((l) => l.name),
  );
  return {
    lines: [...lines.values()]
      .filter((l) => l.permissions.length > 0 || l.grants.length > 0)
      // The share page's rule: a member who holds all of it through a listed group is said as the group.
      .filter((l) => l.kind !== 'user' || !saidAsTheirGroup(l.permissions, l.grants.length, listed))
      .sort((a, b) => kindOrder[a.kind] - kindOrder[b.kind] || a.name.localeCompare(b.name)),
    offer: perms.filter((p) => held.has(p)),
    perms,
  };
}
