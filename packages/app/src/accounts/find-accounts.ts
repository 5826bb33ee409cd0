import { type Group } from '@batterydb/authz';
import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/schema.ts';
import { decodeCursor, encodeCursor } from './keyset-cursor.ts';

/** A page of a list and the opaque cursor of the next one (null on the last page). */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** `%` and `_` typed in a search box are letters, not wildcards. */
export function likePattern(term: string): string {
  return `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** A group with how many accounts are in it (the groups list of the admin site). */
export interface GroupSummary extends Group {
  memberCount: number;
}

/**
 * Groups by name, keyset-paginated on the unique name, each with its member count (one
 * correlated count per group of the page, over the (group, user) index).
 */
export async function findGroups(
  db: Kysely<Database>,
  options: { search?: string; after?: string; limit: number },
): Promise<Page<GroupSummary>> {
  let query = db
    .selectFrom('authz_group as g')
    .select(['g.id', 'g.name'])
    .select(
      sql<number>`(select count(*) from authz_user_group ug where ug.group_id = g.id)`.as('memberCount'),
    );
  if (options.search !== undefined) {
    const pattern = likePattern(options.search.toLowerCase());
    query = query.where(sql`lower(g.name)`, 'like', sql`${pattern} escape '\\'`);
  }
  if (options.after !== undefined) {
    const after = decodeCursor(options.after);
    query = query.where('g.name', '>', String(after.value));
  }
  const rows = await query
    .orderBy('g.name')
    .limit(options.limit + 1)
    .execute();
  const page = rows.slice(0, options.limit).map((r) => ({ ...r, memberCount: Number(r.memberCount) }));
  const last = page.at(-1);
  return {
    items: page,
    nextCursor: rows.length > options.limit && last ? encodeCursor({ value: last.name, id: last.id }) : null,
  };
}
