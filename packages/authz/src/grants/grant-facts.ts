import type { AuthzContext } from '../context.ts';
import { hasObjectPerm, loadRows } from '../checks/object-checks.ts';
import { loadSubject, type Subject, type UserRef } from '../checks/subject.ts';
import { AuthzError, invalidInput, notFound } from '../errors.ts';
import type { Decision } from '../escalation/decision.ts';
import { type Grantee, mayChangeObjectGrant } from '../escalation/object-grant-rules.ts';
import { accountViewOf } from '../escalation/views.ts';
import type { ObjectPolicy } from '../objects/define-policy.ts';
import type { Row } from '../rules/conditions.ts';
import type { GrantHolder } from './assign.ts';

/** A grantee as it appears in answers and audit entries: kind, id and name. */
export type GranteeLabel =
  { readonly user: { id: number; username: string } } | { readonly group: { id: number; name: string } };

/** Everything a grant decision reads, loaded in the transaction that will write. */
export interface GrantFacts {
  readonly actor: Subject;
  readonly row: Row;
  readonly grantee: Grantee;
  readonly label: GranteeLabel;
}

/**
 * The permissions that can be granted on one object: every permission of the model but
 * `add_…`, which is about creating objects and means nothing on one.
 */
export function objectPermissionsOf(ctx: AuthzContext, policy: ObjectPolicy): string[] {
  const add = `${policy.model.app}.add_${policy.model.name}`;
  return ctx.registry.permissionsOf(policy.model).filter((p) => p !== add);
}

async function loadGrantee(
  ctx: AuthzContext,
  holder: GrantHolder,
): Promise<{ grantee: Grantee; label: GranteeLabel }> {
  if ('user' in holder) {
    const user = await ctx.db
      .selectFrom('authz_user')
      .select(['id', 'username', 'is_active'])
      .where('id', '=', holder.user)
      .executeTakeFirst();
    if (!user) throw invalidInput('user', `user ${holder.user} does not exist`);
    return {
      grantee: { kind: 'user', id: user.id, isActive: user.is_active === 1 },
      label: { user: { id: user.id, username: user.username } },
    };
  }
  const group = await ctx.db
    .selectFrom('authz_group')
    .select(['id', 'name'])
    .where('id', '=', holder.group)
    .executeTakeFirst();
  if (!group) throw invalidInput('group', `group ${holder.group} does not exist`);
  return { grantee: { kind: 'group', id: group.id }, label: { group } };
}

/** Loads the actor (fresh), the object and the grantee; a missing one is the caller's error. */
export async function loadGrantFacts(
  ctx: AuthzContext,
  actorRef: UserRef,
  policy: ObjectPolicy,
  objectId: number,
  holder: GrantHolder,
): Promise<GrantFacts> {
  // A Subject keeps its token's scope: a scoped token grants only what its scope holds.
  const actor = await loadSubject(ctx, actorRef);
  if (!actor) throw new AuthzError('UNAUTHENTICATED', 'the acting account no longer exists');
  const row = (await loadRows(ctx, policy, [objectId])).get(objectId);
  if (!row) throw notFound(`${policy.model.name} ${objectId}`, 'id');
  return { actor, row, ...(await loadGrantee(ctx, holder)) };
}

/** The grant policy's decision for each permission, on facts loaded by {@link loadGrantFacts}. */
export async function grantDecisions(
  ctx: AuthzContext,
  policy: ObjectPolicy,
  facts: GrantFacts,
  perms: readonly string[],
): Promise<Map<string, Decision>> {
  const view = accountViewOf(facts.actor);
  const decisions = new Map<string, Decision>();
  for (const permission of perms) {
    const actorHoldsOnObject = await hasObjectPerm(ctx, facts.actor, permission, {
      policy,
      object: facts.row,
    });
    decisions.set(
      permission,
      mayChangeObjectGrant(view, { permission, actorHoldsOnObject, grantee: facts.grantee }),
    );
  }
  return decisions;
}

/**
 * Which permissions `actorId` may grant (and revoke) on this object to this holder: the grant
 * policy asked once per object permission, so a page can offer exactly the allowed checkboxes.
 *
 * @example
 * const offer = await authz.objects(policy).grantable(actorId, 42, { user: colleagueId });
 * offer.filter((o) => o.decision.allowed).map((o) => o.permission);
 */
export async function grantablePermissions(
  ctx: AuthzContext,
  actorId: number,
  policy: ObjectPolicy,
  objectId: number,
  holder: GrantHolder,
): Promise<{ permission: string; decision: Decision }[]> {
  const facts = await loadGrantFacts(ctx, actorId, policy, objectId, holder);
  const decisions = await grantDecisions(ctx, policy, facts, objectPermissionsOf(ctx, policy));
  return [...decisions].map(([permission, decision]) => ({ permission, decision }));
}
