import type { AuthzContext } from '../context.ts';
import { grantsOnObjects, memoisedGrants, type GrantEntry } from '../grants/grant-lookup.ts';
import { checkInOneStatement } from './check-statement.ts';
import { coldGrants, coldRow } from './cold-queries.ts';
import { objectDb } from '../grants/grant-db.ts';
import type { ObjectPolicy } from '../objects/define-policy.ts';
import { permissionRows } from '../permissions/permission-cache.ts';
import type { Row } from '../rules/conditions.ts';
import {
  applicableRules,
  decideObjectPerm,
  decideWithoutObject,
  inTokenScope,
  ruleMatches,
} from './object-decision.ts';
import { resolveSubject, type Subject, type UserRef } from './subject.ts';

/** An object given by id (loaded afresh) or as a row already loaded with the policy's columns. */
export type ObjectRef = number | Row;

export async function resolveOptionalSubject(
  ctx: AuthzContext,
  ref: UserRef | null,
): Promise<Subject | null> {
  return ref === null ? null : resolveSubject(ctx, ref);
}

/** Loads `ids` with just the columns the rules read. */
export async function loadRows(
  ctx: AuthzContext,
  policy: ObjectPolicy,
  ids: readonly number[],
): Promise<Map<number, Row>> {
  if (ids.length === 0) return new Map();
  const rows = await objectDb(ctx)
    .selectFrom(policy.table)
    .select(['id', ...policy.columns])
    .where('id', 'in', ids)
    .execute();
  return new Map(rows.map((r) => [Number(r.id), r]));
}

async function rowOf(ctx: AuthzContext, policy: ObjectPolicy, object: ObjectRef): Promise<Row | null> {
  if (typeof object !== 'number') return object;
  return (await coldRow(ctx, policy, object)) ?? null;
}

/** The subject's grants on these objects: from the per-request memo when it fits, else one query. */
export async function grantsFor(
  ctx: AuthzContext,
  subject: Subject,
  policy: ObjectPolicy,
  ids: readonly number[],
): Promise<Map<number, GrantEntry[]>> {
  const memo = await memoisedGrants(ctx, subject, policy);
  if (memo) return memo;
  const byObject = new Map<number, GrantEntry[]>();
  for (const entry of await grantsOnObjects(ctx, subject, policy, ids)) {
    byObject.set(entry.objectId, [...(byObject.get(entry.objectId) ?? []), entry]);
  }
  return byObject;
}

/**
 * `hasPerm(user, perm, object)` — SPEC §3.2. A permission of another model, an unknown
 * string or a missing object is false (for an active superuser: true, as at model level).
 *
 * @example
 * if (!(await authz.hasObjectPerm(subject, 'batterydb.change_experiment', { policy, object: 42 }))) …
 */
export async function hasObjectPerm(
  ctx: AuthzContext,
  user: UserRef | null,
  perm: string,
  target: { policy: ObjectPolicy; object: ObjectRef },
): Promise<boolean> {
  // Nothing loaded (a user id and an object id): the whole decision is one statement.
  if (typeof user === 'number' && typeof target.object === 'number' && ctx.registry.isPermission(perm))
    return checkInOneStatement(ctx, target.policy, user, perm, target.object);
  const subject = await resolveOptionalSubject(ctx, user);
  const objectId = typeof target.object === 'number' ? target.object : Number(target.object.id);
  if (!inTokenScope(subject, perm, objectId)) return false;
  const early = decideWithoutObject(subject, perm);
  if (early !== undefined) return early;
  const row = await rowOf(ctx, target.policy, target.object);
  if (!row) return false;
  const id = Number(row.id);
  if (applicableRules(target.policy, subject, perm).some((r) => ruleMatches(r, subject, row))) return true;
  if (!subject) return false;
  const permission = (await permissionRows(ctx)).get(perm);
  if (!permission || permission.modelKey !== target.policy.key) return false;
  // A Subject loaded for this one call (a user id was given) has nothing memoised worth
  // filling: ask for this object's grants only, instead of loading all of the user's.
  const grants =
    typeof user === 'number'
      ? await coldGrants(ctx, target.policy, subject.user.id, id)
      : ((await grantsFor(ctx, subject, target.policy, [id])).get(id) ?? []);
  return decideObjectPerm(target.policy, subject, perm, permission.id, row, grants, ctx.now());
}

/**
 * Decides one permission for a page of loaded rows with at most one query (guardian's
 * `prefetch_perms`, but one query for the page, none when the memo already holds the grants).
 * Returns the ids allowed.
 */
export async function checkMany(
  ctx: AuthzContext,
  user: UserRef | null,
  perm: string,
  policy: ObjectPolicy,
  inputRows: readonly Row[],
): Promise<Set<number>> {
  const subject = await resolveOptionalSubject(ctx, user);
  // A scoped token: the rows outside its scope are decided (no) before anything else.
  const rows = inputRows.filter((r) => inTokenScope(subject, perm, Number(r.id)));
  const ids = rows.map((r) => Number(r.id));
  const early = decideWithoutObject(subject, perm);
  if (early !== undefined) return new Set(early ? ids : []);
  const rules = applicableRules(policy, subject, perm);
  const allowed = new Set<number>();
  const undecided: Row[] = [];
  for (const row of rows) {
    if (rules.some((r) => ruleMatches(r, subject, row))) allowed.add(Number(row.id));
    else undecided.push(row);
  }
  if (!subject || undecided.length === 0) return allowed;
  const permission = (await permissionRows(ctx)).get(perm);
  if (!permission || permission.modelKey !== policy.key) return allowed;
  const grants = await grantsFor(
    ctx,
    subject,
    policy,
    undecided.map((r) => Number(r.id)),
  );
  const now = ctx.now();
  for (const row of undecided) {
    const id = Number(row.id);
    if (decideObjectPerm(policy, subject, perm, permission.id, row, grants.get(id) ?? [], now))
      allowed.add(id);
  }
  return allowed;
}

/** Every permission of the object's model that the user holds on it (guardian's `get_perms`). */
export async function getObjectPerms(
  ctx: AuthzContext,
  user: UserRef | null,
  target: { policy: ObjectPolicy; object: ObjectRef },
): Promise<Set<string>> {
  const subject = await resolveOptionalSubject(ctx, user);
  const row = await rowOf(ctx, target.policy, target.object);
  const result = new Set<string>();
  if (!row) return result;
  const perms = ctx.registry.permissionsOf(target.policy.model);
  const ids = await permissionRows(ctx);
  const grants = subject
    ? ((await grantsFor(ctx, subject, target.policy, [Number(row.id)])).get(Number(row.id)) ?? [])
    : [];
  const now = ctx.now();
  for (const perm of perms) {
    if (decideObjectPerm(target.policy, subject, perm, ids.get(perm)?.id, row, grants, now)) result.add(perm);
  }
  return result;
}
