import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/schema.ts';

/** A name someone can share with: no id, no e-mail, nothing else (issue 10). */
export interface NameEntry {
  kind: 'user' | 'group';
  name: string;
  displayName: string;
}

export const LOOKUP_LIMIT = 10;

/** `%`, `_` and `\` typed by the user are literal characters, not LIKE wildcards (with `escape '\'`, which SQLite needs spelled out). */
const likePrefix = (text: string) => `${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/**
 * Type-ahead for sharing: active users whose username, and groups whose name, start with
 * `prefix` (case-insensitive), at most {@link LOOKUP_LIMIT} of each, by name. Inactive accounts
 * are never offered. The route decides who may ask (any signed-in user) and how often.
 */
export async function lookupNames(
  db: Kysely<Database>,
  prefix: string,
  kinds: readonly ('user' | 'group')[] = ['user', 'group'],
): Promise<NameEntry[]> {
  const text = prefix.normalize('NFKC').toLowerCase().trim();
  if (text === '') return [];
  const [users, groups] = await Promise.all([
    kinds.includes('user')
      ? db
          .selectFrom('authz_user')
          .select('username')
          .where('is_active', '=', 1)
          .where(sql<boolean>`username_key like ${likePrefix(text)} escape '\\'`)
          .orderBy('username_key')
          .limit(LOOKUP_LIMIT)
          .execute()
      : [],
    kinds.includes('group')
      ? db
          .selectFrom('authz_group')
          .select('name')
          .where(sql<boolean>`lower(name) like ${likePrefix(text)} escape '\\'`)
          .orderBy('name')
          .limit(LOOKUP_LIMIT)
          .execute()
      : [],
  ]);
  return [
    ...users.map((u) => ({ kind: 'user' as const, name: u.username, displayName: u.username })),
    ...groups.map((g) => ({ kind: 'group' as const, name: g.name, displayName: `${g.name} (group)` })),
  ];
}
