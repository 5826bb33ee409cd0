import { type Expression, type SqlBool, sql } from 'kysely';

/**
 * Conditions on an object's own columns, as data. One condition compiles to two things that
 * cannot drift (DESIGN.md): an in-memory predicate for a loaded row, and a SQL expression for
 * lists. Only equality, membership and boolean combinations: enough for policies like
 * "status is public", small enough to keep both compilations obviously equivalent.
 */
export type Scalar = string | number;
export type Condition =
  | { op: 'eq'; column: string; value: Scalar }
  | { op: 'in'; column: string; values: readonly Scalar[] }
  | { op: 'and'; conditions: readonly Condition[] }
  | { op: 'or'; conditions: readonly Condition[] }
  | { op: 'not'; condition: Condition };

export const eq = (column: string, value: Scalar): Condition => ({ op: 'eq', column, value });
export const oneOf = (column: string, values: readonly Scalar[]): Condition => ({ op: 'in', column, values });
export const and = (...conditions: Condition[]): Condition => ({ op: 'and', conditions });
export const or = (...conditions: Condition[]): Condition => ({ op: 'or', conditions });
export const not = (condition: Condition): Condition => ({ op: 'not', condition });

/** Every column a condition reads: what must be loaded to decide on a row. */
export function columnsOf(condition: Condition): string[] {
  switch (condition.op) {
    case 'eq':
    case 'in':
      return [condition.column];
    case 'and':
    case 'or':
      return condition.conditions.flatMap(columnsOf);
    case 'not':
      return columnsOf(condition.condition);
  }
}

export type Row = Readonly<Record<string, unknown>>;

export function evaluate(condition: Condition, row: Row): boolean {
  switch (condition.op) {
    case 'eq':
      return row[condition.column] === condition.value;
    case 'in':
      return condition.values.includes(row[condition.column] as Scalar);
    case 'and':
      return condition.conditions.every((c) => evaluate(c, row));
    case 'or':
      return condition.conditions.some((c) => evaluate(c, row));
    case 'not':
      return !evaluate(condition.condition, row);
  }
}

export const TRUE: Expression<SqlBool> = sql<SqlBool>`1 = 1`;
export const FALSE: Expression<SqlBool> = sql<SqlBool>`1 = 0`;

/** The same condition as SQL over `alias`. Columns are non-null by policy (see definePolicy). */
export function toSql(condition: Condition, alias: string): Expression<SqlBool> {
  switch (condition.op) {
    case 'eq':
      return sql<SqlBool>`${sql.ref(`${alias}.${condition.column}`)} = ${condition.value}`;
    case 'in':
      return condition.values.length === 0
        ? FALSE
        : sql<SqlBool>`${sql.ref(`${alias}.${condition.column}`)} in (${sql.join(condition.values)})`;
    case 'and':
      return condition.conditions.length === 0
        ? TRUE
        : sql<SqlBool>`(${sql.join(
            condition.conditions.map((c) => toSql(c, alias)),
            sql` and `,
          )})`;
    case 'or':
      return condition.conditions.length === 0
        ? FALSE
        : sql<SqlBool>`(${sql.join(
            condition.conditions.map((c) => toSql(c, alias)),
            sql` or `,
          )})`;
    case 'not':
      return sql<SqlBool>`not (${toSql(condition.condition, alias)})`;
  }
}
