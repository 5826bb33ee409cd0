import { type SqlBool, sql } from 'kysely';
import { FALSE } from '../rules/conditions.ts';
import { scopeObjects } from '../tokens/token-scope.ts';
import type { AccessFilter } from './access-parts.ts';
import type { Subject } from './subject.ts';

/**
 * A list filter ANDed with a scoped token's objects (SPEC §5): the user's access (`filter`, built
 * from the user's side of the decision) and `id IN (the scope's ids)`. The ids are values like any
 * other, so two tokens with as many objects share one compiled statement (the `key`).
 */
export function withinTokenScope(filter: AccessFilter, subject: Subject | null, perm: string): AccessFilter {
  const objects = scopeObjects(subject?.scope, perm);
  if (objects === 'any' || filter.key === 'none') return filter;
  if (objects.size === 0) return { key: 'none', values: [], clock: [], where: () => FALSE };
  const ids = [...objects].sort((a, b) => a - b);
  const first = filter.values.length;
  return {
    key: `${filter.key}; token scope ${ids.length}`,
    values: [...filter.values, ...ids],
    clock: filter.clock,
    where(alias, slot) {
      const scoped = sql<SqlBool>`${sql.ref(`${alias}.id`)} in (${sql.join(ids.map((_, i) => slot(first + i)))})`;
      return filter.key === 'all' ? scoped : sql<SqlBool>`(${filter.where(alias, slot)} and ${scoped})`;
    },
  };
}
