import type { Expression, SqlBool } from 'kysely';
import type { ObjectPolicy } from '../objects/define-policy.ts';
import { evaluate, type Row, toSql } from '../rules/conditions.ts';

/**
 * Whether grants of `perm` count on this row: the policy's `grantsCountWhen` condition, in
 * memory. The SQL twin is {@link grantConditionSql}; both compile the same declaration.
 */
export function grantCounts(policy: ObjectPolicy, perm: string, row: Row): boolean {
  const condition = policy.grantsCountWhen.get(perm);
  return condition === undefined || evaluate(condition, row);
}

/** The same condition as SQL over `alias`; undefined when grants of `perm` always count. */
export function grantConditionSql(
  policy: ObjectPolicy,
  perm: string,
  alias: string,
): Expression<SqlBool> | undefined {
  const condition = policy.grantsCountWhen.get(perm);
  return condition === undefined ? undefined : toSql(condition, alias);
}
