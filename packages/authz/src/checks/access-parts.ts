import { type Expression, type SqlBool, sql } from 'kysely';
import type { ObjectPolicy } from '../objects/define-policy.ts';
import { grantConditionSql } from '../grants/grant-condition.ts';
import { FALSE, TRUE } from '../rules/conditions.ts';
import type { Rule } from '../rules/rule.ts';
import { holdsModelPerm } from './model-decision.ts';
import { applicableRules } from './object-decision.ts';
import { grantTableOf, liveGrantSql, ruleRowSql } from './rule-sql.ts';
import type { Subject } from './subject.ts';

/**
 * Whom an object decision is about, reduced to what rules and grants read:
 * - a signed-in user (its Subject: flags, model permissions, groups);
 * - a signed-out visitor;
 * - a group on its own: what being a member of it gives (SPEC §4 "a group that holds …").
 */
export type Principal =
  | { readonly kind: 'user'; readonly subject: Subject }
  | { readonly kind: 'anonymous' }
  | {
      readonly kind: 'group';
      readonly id: number;
      readonly name: string;
      readonly permissions: ReadonlySet<string>;
    };

/** One way a principal may hold a permission on some objects; the access is their OR. */
export type AccessPart =
  | { readonly kind: 'rule'; readonly rule: Rule; readonly ownerId: number | null }
  | { readonly kind: 'grants'; readonly holder: 'user' | 'group'; readonly ids: readonly number[] };

/** A principal's access to one permission of one model, before any row is looked at. */
export type Access =
  | { readonly kind: 'all' }
  | { readonly kind: 'none' }
  | { readonly kind: 'some'; readonly parts: readonly AccessPart[] };

const ALL: Access = { kind: 'all' };
const NONE: Access = { kind: 'none' };

/**
 * SPEC §3.2 without a row: inactive → none; active superuser or a model-level permission → all;
 * else the rules that apply to the principal and its grants (a permission of another model, or
 * one with no row, has no grants). The check (`decideObjectPerm`) takes the same steps on a row.
 */
export function accessOf(
  policy: ObjectPolicy,
  principal: Principal,
  perm: string,
  hasGrants: boolean,
): Access {
  const parts: AccessPart[] = [];
  if (principal.kind === 'group') {
    if (principal.permissions.has(perm)) return ALL;
    for (const rule of policy.rules)
      if (
        rule.kind === 'group' &&
        rule.groups.includes(principal.name) &&
        (rule.permissions as readonly string[]).includes(perm)
      )
        parts.push({ kind: 'rule', rule, ownerId: null });
    if (hasGrants) parts.push({ kind: 'grants', holder: 'group', ids: [principal.id] });
  } else {
    const subject = principal.kind === 'user' ? principal.subject : null;
    if (subject && !subject.user.isActive) return NONE;
    if (subject && holdsModelPerm(subject, perm)) return ALL;
    for (const rule of applicableRules(policy, subject, perm))
      parts.push({ kind: 'rule', rule, ownerId: rule.kind === 'owner' ? subject!.user.id : null });
    if (subject && hasGrants) {
      parts.push({ kind: 'grants', holder: 'user', ids: [subject.user.id] });
      if (subject.groups.length > 0)
        parts.push({ kind: 'grants', holder: 'group', ids: subject.groups.map((g) => g.id) });
    }
  }
  return parts.length === 0 ? NONE : { kind: 'some', parts };
}

const samePart = (a: AccessPart, b: AccessPart): boolean =>
  a.kind === 'rule' && b.kind === 'rule' && a.rule === b.rule && a.ownerId === b.ownerId;

/**
 * What `target` holds that `actor` may lack, as access parts: SPEC §4's set difference of
 * holdings, narrowed symbolically before any SQL runs. A part both hold identically (the same
 * rule, grants to the same holder) is dropped; what is left still needs the row-level test
 * `left AND NOT actor` (see {@link accessSql}).
 */
export function accessBeyond(target: Access, actor: Access): Access {
  if (actor.kind === 'all' || target.kind === 'none') return NONE;
  if (target.kind === 'all' || actor.kind === 'none') return target;
  const parts: AccessPart[] = [];
  for (const part of target.parts) {
    if (part.kind === 'rule') {
      if (!actor.parts.some((a) => samePart(a, part))) parts.push(part);
      continue;
    }
    const covered = new Set(
      actor.parts.flatMap((a) => (a.kind === 'grants' && a.holder === part.holder ? a.ids : [])),
    );
    const ids = part.ids.filter((id) => !covered.has(id));
    if (ids.length > 0) parts.push({ ...part, ids });
  }
  return parts.length === 0 ? NONE : { kind: 'some', parts };
}

/**
 * An access compiled to SQL, split into the shape of its SQL and the values that go in it: the
 * principal's ids, the permission's row id, the clock. Two principals whose access has the
 * same `key` produce the same SQL text with different values, so a caller may compile a query
 * around it once per key and bind `values` at each run (see `db/prepared.ts`).
 */
export interface AccessFilter {
  readonly key: string;
  readonly values: readonly number[];
  /**
   * Which of `values` are the clock (grants live until their expiry): the others, with `key`,
   * say whose access it is — what a cache of results over this filter is keyed by, while the
   * clock says until when such a result holds.
   */
  readonly clock: readonly number[];
  /** The condition on `alias`, the i-th value being `slot(i)` (a value, or a sentinel when compiling). */
  where(alias: string, slot: (i: number) => unknown): Expression<SqlBool>;
}

type Producer = (alias: string, slot: (i: number) => unknown) => Expression<SqlBool>;

/**
 * The access as a SQL condition: rules become their SQL, grants become
 * `id IN (SELECT object_id …)` over the (holder, permission, object) index, ANDed with the
 * policy's grant condition for `perm` (curated grants). One pass records each value and where
 * the SQL takes it, so the text and the values cannot disagree.
 */
export function accessFilter(
  policy: ObjectPolicy,
  access: Access,
  grant: { perm: string; permissionId: number | undefined; now: number },
): AccessFilter {
  if (access.kind !== 'some')
    return { key: access.kind, values: [], clock: [], where: () => (access.kind === 'all' ? TRUE : FALSE) };
  const values: number[] = [];
  const take = (value: number) => values.push(value) - 1;
  const clock: number[] = [];
  const producers: Producer[] = [];
  const shape: string[] = [grant.perm];
  for (const part of access.parts) {
    if (part.kind === 'rule') {
      const owner = part.ownerId === null ? null : take(part.ownerId);
      shape.push(
        `rule ${(policy.rules as readonly Rule[]).indexOf(part.rule)}${owner === null ? '' : ' owner'}`,
      );
      producers.push((alias, slot) => ruleRowSql(part.rule, alias, owner === null ? null : slot(owner)));
      continue;
    }
    if (grant.permissionId === undefined) continue;
    const ids = part.ids.map(take);
    const [permissionId, now] = [take(grant.permissionId), take(grant.now)];
    clock.push(now);
    shape.push(`${part.holder} grants ${ids.length}`);
    producers.push((alias, slot) => {
      const [table, column] = grantTableOf(policy, part.holder);
      const holder = sql.ref(`g.${column}`);
      const holders =
        ids.length === 1 ? sql`${holder} = ${slot(ids[0]!)}` : sql`${holder} in (${sql.join(ids.map(slot))})`;
      const granted = sql<SqlBool>`${sql.ref(`${alias}.id`)} in (select g.object_id from ${sql.table(table)} as g
        where ${holders} and ${liveGrantSql('g', slot(permissionId), slot(now))})`;
      const counts = grantConditionSql(policy, grant.perm, alias);
      return counts ? sql<SqlBool>`(${granted} and ${counts})` : granted;
    });
  }
  return {
    key: shape.join('; '),
    values,
    clock,
    where(alias, slot) {
      if (producers.length === 0) return FALSE;
      if (producers.length === 1) return producers[0]!(alias, slot);
      return sql<SqlBool>`(${sql.join(
        producers.map((produce) => produce(alias, slot)),
        sql` or `,
      )})`;
    },
  };
}

/** The access as a SQL condition on `alias`, its values as parameters (see {@link accessFilter}). */
export function accessSql(
  policy: ObjectPolicy,
  access: Access,
  grant: { perm: string; permissionId: number | undefined; now: number },
  alias: string,
): Expression<SqlBool> {
  const filter = accessFilter(policy, access, grant);
  return filter.where(alias, (i) => filter.values[i]);
}
