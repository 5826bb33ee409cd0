import { recordAudit } from '../audit/record-audit.ts';
import type { UserRef } from '../checks/subject.ts';
import type { AuthzContext } from '../context.ts';
import { AuthzError, conflict, invalidInput } from '../errors.ts';
import type { ObjectPolicy } from '../objects/define-policy.ts';
import { permissionRows } from '../permissions/permission-cache.ts';
import { withTransaction } from '../sessions/with-transaction.ts';
import { assignPerm, type GrantHolder, removePerm } from './assign.ts';
import { grantDb } from './grant-db.ts';
import { grantDecisions, loadGrantFacts, objectPermissionsOf } from './grant-facts.ts';
import { otherSources } from './holder-sources.ts';

export interface GrantChange {
  readonly holder: GrantHolder;
  readonly permissions: readonly string[];
  /** Grants only: when they end (null or absent: never). */
  readonly expiresAt?: Date | null;
  readonly clientAddress?: string | null;
}

/** One holder's grants on one object: permission → expiry (epoch ms, null = never). */
type Held = Map<string, number | null>;

async function heldBy(ctx: AuthzContext, policy: ObjectPolicy, objectId: number, holder: GrantHolder) {
  const [table, column, id] =
    'user' in holder
      ? [policy.userGrantTable, 'user_id' as const, holder.user]
      : [policy.groupGrantTable, 'group_id' as const, holder.group];
  const rows = await grantDb(ctx)
    .selectFrom(table)
    .select(['permission_id', 'expires_at'])
    .where('object_id', '=', objectId)
    .where(column, '=', id)
    .execute();
  const byId = new Map([...(await permissionRows(ctx)).values()].map((p) => [p.id, p.perm]));
  const held: Held = new Map();
  for (const r of rows)
    held.set(byId.get(r.permission_id)!, r.expires_at === null ? null : Number(r.expires_at));
  return held;
}

/**
 * Grants that need the view grant beside them and do not have it (for as long as they last).
 * A holder granted `change` but not `view` would get 404 on the object it may change.
 */
function orphaned(held: Held, view: string, now: number): Set<string> {
  const live = (at: number | null | undefined) => at !== undefined && (at === null || at > now);
  const viewUntil = held.get(view);
  const out = new Set<string>();
  for (const [perm, until] of held) {
    if (perm === view || !live(until)) continue;
    const covered =
      viewUntil !== undefined &&
      live(viewUntil) &&
      (viewUntil === null || (until !== null && viewUntil >= until));
    if (!covered) out.add(perm);
  }
  return out;
}

const listed = (held: Held) =>
  [...held]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([permission, until]) => ({
      permission,
      expiresAt: until === null ? null : new Date(until).toISOString(),
    }));

/**
 * Grants or revokes object permissions on one object for one holder — the one path every
 * grant takes (SPEC §4). In one transaction (the caller's, e.g. a serializable one): load the
 * actor, the object and the grantee afresh; ask the grant policy for each permission; refuse
 * requests that would not mean what they say; write; record one audit entry naming grantor
 * (the actor), grantee and the holder's grants before and after.
 *
 * Meaning what it says (issue 8):
 * - a grant of anything but `view` needs a view grant lasting at least as long (given in the
 *   same request or already held): otherwise the holder could not see what it may change
 *   (INVALID_INPUT). Revoking `view` while such a grant stays is a CONFLICT;
 * - revoking a permission the holder has no grant of, but holds through a rule, a model-level
 *   permission or a group, cannot take it away: a CONFLICT naming where it comes from.
 */
export function changeObjectGrants(
  ctx: AuthzContext,
  actor: UserRef,
  policy: ObjectPolicy,
  objectId: number,
  mode: 'grant' | 'revoke',
  change: GrantChange,
): Promise<{ before: Held; after: Held }> {
  const actorId = typeof actor === 'number' ? actor : actor.user.id;
  const perms = [...new Set(change.permissions)];
  if (perms.length === 0) throw invalidInput('permissions', 'permissions must not be empty');
  const grantable = objectPermissionsOf(ctx, policy);
  for (const perm of perms)
    if (!grantable.includes(perm))
      throw invalidInput(
        'permissions',
        `"${perm}" is not a permission that can be granted on one ${policy.model.label}`,
      );
  const expiresAt = mode === 'grant' && change.expiresAt ? change.expiresAt.getTime() : null;
  if (expiresAt !== null && !(expiresAt > ctx.now()))
    throw invalidInput('expiresAt', 'expiresAt must be in the future');

  return withTransaction(ctx, async (tx) => {
    const facts = await loadGrantFacts(tx, actor, policy, objectId, change.holder);
    for (const [, decision] of await grantDecisions(tx, policy, facts, perms)) {
      if (decision.allowed) continue;
      throw decision.reason === 'invisible-grantee'
        ? invalidInput(decision.field, decision.message)
        : new AuthzError('FORBIDDEN', decision.message, decision.field);
    }
    const before = await heldBy(tx, policy, objectId, change.holder);
    const after: Held = new Map(before);
    for (const perm of perms) {
      if (mode === 'grant') after.set(perm, expiresAt);
      else after.delete(perm);
    }
    const now = tx.now();
    const view = `${policy.model.app}.view_${policy.model.name}`;
    const wasOrphaned = orphaned(before, view, now);
    const nowOrphaned = [...orphaned(after, view, now)].filter((p) => !wasOrphaned.has(p));
    if (nowOrphaned.length > 0) {
      const message =
        mode === 'grant'
          ? `${nowOrphaned[0]} needs a grant of ${view} that lasts at least as long (a holder who cannot see the ${policy.model.label} cannot use it): include ${view}`
          : `the holder's grant of ${nowOrphaned[0]} needs ${view}; revoke it too`;
      throw mode === 'grant' ? invalidInput('permissions', message) : conflict('permissions', message);
    }
    if (mode === 'revoke')
      for (const perm of perms) {
        if (before.has(perm)) continue;
        const sources = await otherSources(tx, policy, change.holder, perm, facts.row);
        if (sources.length > 0)
          throw conflict(
            'permissions',
            `the holder has no grant of ${perm} to revoke: it holds it through ${sources.join(', ')}, which revoking cannot take away`,
          );
      }

    const target = { policy, ids: objectId };
    for (const perm of perms) {
      if (mode === 'grant')
        await assignPerm(tx, change.holder, perm, target, {
          expiresAt: expiresAt === null ? null : new Date(expiresAt),
        });
      else if (before.has(perm)) await removePerm(tx, change.holder, perm, target);
    }
    if (JSON.stringify(listed(before)) !== JSON.stringify(listed(after)))
      await recordAudit(tx, {
        actorId,
        action: mode === 'grant' ? 'grant.add' : 'grant.remove',
        target: { type: policy.key, id: objectId },
        before: { grantee: facts.label, grants: listed(before) },
        after: { grantee: facts.label, grants: listed(after) },
        clientAddress: change.clientAddress ?? null,
      });
    return { before, after };
  });
}
