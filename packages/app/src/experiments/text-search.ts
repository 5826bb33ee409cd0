import type { DialectName } from '@batterydb/authz';
import { type Expression, type SqlBool, sql } from 'kysely';

/**
 * A user's search words as a full-text condition on `alias`. Words are reduced to letters and
 * digits and matched as prefixes, all of them required; nothing the user types reaches the
 * FTS query language unquoted (FTS5 and tsquery both have operators that would otherwise error).
 * Returns null when no word is left (e.g. the query was only punctuation).
 */
export function textSearch(dialect: DialectName, query: string, alias: string): Expression<SqlBool> | null {
  const words = [
    ...query
      .toLowerCase()
      .normalize('NFKC')
      .matchAll(/[\p{L}\p{N}]+/gu),
  ]
    .map((m) => m[0])
    .slice(0, 12);
  if (words.length === 0) return null;
  if (dialect === 'postgres') {
    const tsquery = words.map((w) => `${w}:*`).join(' & ');
    return sql<SqlBool>`${sql.ref(`${alias}.search`)} @@ to_tsquery('simple', ${tsquery})`;
  }
  const match = words.map((w) => `"${w}"*`).join(' ');
  return sql<SqlBool>`${sql.ref(`${alias}.id`)} in (select rowid from experiment_fts where experiment_fts match ${match})`;
}
