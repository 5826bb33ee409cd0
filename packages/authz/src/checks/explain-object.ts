import type { AuthzContext } from '../context.ts';
import { grantCounts } from '../grants/grant-condition.ts';
import { isLive } from '../grants/grant-lookup.ts';
import type { ObjectPolicy } from '../objects/define-policy.ts';
import { permissionRows } from '../permissions/permission-cache.ts';
import { explainModelPerm } from './model-decision.ts';
import { grantsFor, loadRows, type ObjectRef, resolveOptionalSubject } from './object-checks.ts';
import { applicableRules, inTokenScope, ruleMatches } from './object-decision.ts';
import type { UserRef } from './subject.ts';

export type ObjectPermissionReason =
  | { kind: 'superuser' }
  | { kind: 'model-level'; group: string | null }
  | { kind: 'rule'; rule: string }
  | { kind: 'grant'; group: string | null; expiresAt: Date | null };

export type ObjectPermissionDenial =
  | 'signed-out'
  | 'inactive'
  | 'unknown-permission'
  | 'no-such-object'
  | 'not-granted'
  | 'grant-expired'
  /** A live grant exists, but the policy's grant condition does not hold on the object (curation). */
  | 'grant-not-counted'
  /** The request's API token is not scoped to this permission on this object (SPEC §5). */
  | 'outside-token-scope';

export type ObjectPermissionExplanation =
  { allowed: true; reasons: ObjectPermissionReason[] } | { allowed: false; why: ObjectPermissionDenial };

/** Why `hasObjectPerm` says yes (every reason, not only the first) or no. */
export async function explainObjectPerm(
  ctx: AuthzContext,
  user: UserRef | null,
  perm: string,
  target: { policy: ObjectPolicy; object: ObjectRef },
): Promise<ObjectPermissionExplanation> {
  const subject = await resolveOptionalSubject(ctx, user);
  const objectId = typeof target.object === 'number' ? target.object : Number(target.object.id);
  if (!inTokenScope(subject, perm, objectId)) return { allowed: false, why: 'outside-token-scope' };
  const reasons: ObjectPermissionReason[] = [];
  if (subject) {
    // The user's side: the scope was applied above, per object.
    const model = explainModelPerm({ ...subject, scope: null }, perm, ctx.registry.isPermission(perm));
    if (!model.allowed && model.why === 'inactive') return { allowed: false, why: 'inactive' };
    if (model.allowed)
      for (const r of model.reasons)
        reasons.push(
          r.kind === 'superuser'
            ? r
            : { kind: 'model-level', group: r.kind === 'group-permission' ? r.group : null },
        );
  }
  const row =
    typeof target.object === 'number'
      ? (await loadRows(ctx, target.policy, [target.object])).get(target.object)
      : target.object;
  if (!row) return reasons.length ? { allowed: true, reasons } : { allowed: false, why: 'no-such-object' };
  for (const rule of applicableRules(target.policy, subject, perm))
    if (ruleMatches(rule, subject, row)) reasons.push({ kind: 'rule', rule: rule.name });
  const permission = (await permissionRows(ctx)).get(perm);
  let expired = false;
  let notCounted = false;
  if (subject && permission && permission.modelKey === target.policy.key) {
    const now = ctx.now();
    const counts = grantCounts(target.policy, perm, row);
    for (const g of (await grantsFor(ctx, subject, target.policy, [Number(row.id)])).get(Number(row.id)) ??
      []) {
      if (g.permissionId !== permission.id) continue;
      if (!isLive(g, now)) {
        expired = true;
        continue;
      }
      if (!counts) {
        notCounted = true;
        continue;
      }
      const group =
        g.groupId === null ? null : (subject.groups.find((x) => x.id === g.groupId)?.name ?? null);
      reasons.push({ kind: 'grant', group, expiresAt: g.expiresAt === null ? null : new Date(g.expiresAt) });
    }
  }
  if (reasons.length) return { allowed: true, reasons };
  if (!subject) return { allowed: false, why: 'signed-out' };
  if (!ctx.registry.isPermission(perm)) return { allowed: false, why: 'unknown-permission' };
  if (notCounted) return { allowed: false, why: 'grant-not-counted' };
  return { allowed: false, why: expired ? 'grant-expired' : 'not-granted' };
}
