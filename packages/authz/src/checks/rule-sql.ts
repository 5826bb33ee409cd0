import { type Expression, type SqlBool, sql } from 'kysely';
import type { ObjectPolicy } from '../objects/define-policy.ts';
import { toSql, TRUE } from '../rules/conditions.ts';
import type { Rule } from '../rules/rule.ts';

/**
 * SQL pieces shared by every compilation of a decision: the list filter (`accessSql`, where the
 * principal is known and its ids are values) and the one-statement check (`check-statement.ts`,
 * where the principal is a row of the same statement). One rule declaration, one SQL spelling.
 */

/**
 * The row-dependent half of a rule on `alias`: its `when` condition, and for an owner rule the
 * owner column equal to `owner` (a value, or an expression such as `u.id`).
 */
export function ruleRowSql(rule: Rule, alias: string, owner: unknown): Expression<SqlBool> {
  const when = rule.when ? toSql(rule.when, alias) : TRUE;
  return rule.kind === 'owner'
    ? sql<SqlBool>`(${sql.ref(`${alias}.${rule.field}`)} = ${owner} and ${when})`
    : when;
}

/** The grant table and holder column of user or group grants. */
export function grantTableOf(
  policy: ObjectPolicy,
  holder: 'user' | 'group',
): [table: string, column: string] {
  return holder === 'user' ? [policy.userGrantTable, 'user_id'] : [policy.groupGrantTable, 'group_id'];
}

/** A grant row of `x` that is of this permission and not expired at `now` (values or expressions). */
export function liveGrantSql(x: string, permissionId: unknown, now: unknown): Expression<SqlBool> {
  return sql<SqlBool>`${sql.ref(`${x}.permission_id`)} = ${permissionId}
    and (${sql.ref(`${x}.expires_at`)} is null or ${sql.ref(`${x}.expires_at`)} > ${now})`;
}
