import { type Group, toUser, type User } from '@batterydb/authz';
import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { HttpProblem } from '../server/http/problem.ts';

/** A page of a list and the opaque cursor of the next one (null on the last page). */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** `%` and `_` typed in a search box are letters, not wildcards. */
export function likePattern(term: string): string {
  return `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

const encode = (key: string) => Buffer.from(key, 'utf8').toString('base64url');
function decode(cursor: string): string {
  const key = Buffer.from(cursor, 'base64url').toString('utf8');
  if (encode(key) !== cursor)
    throw new HttpProblem('INVALID_INPUT', 'after is not a cursor from this list', { field: 'after' });
  return key;
}

/**
 * Users by username (case-insensitive), keyset-paginated on the unique `username_key`, so a
 * page costs the same at any depth. `search` matches part of the username or e-mail.
 */
export async function findUsers(
  db: Kysely<Database>,
  options: { search?: string; after?: string; limit: number },
): Promise<Page<User>> {
  let query = db.selectFrom('authz_user').selectAll();
  if (options.search !== undefined) {
    const pattern = likePattern(options.search.normalize('NFKC').toLowerCase());
    query = query.where((eb) =>
      eb.or([
        eb(sql`username_key`, 'like', sql`${pattern} escape '\\'`),
        eb(sql`lower(email)`, 'like', sql`${pattern} escape '\\'`),
      ]),
    );
  }
  if (options.after !== undefined) query = query.where('username_key', '>', decode(options.after));
  const rows = await query
    .orderBy('username_key')
    .limit(options.limit + 1)
    .execute();
  const page = rows.slice(0, options.limit);
  return {
    items: page.map(toUser),
    nextCursor: rows.length > options.limit ? encode(page.at(-1)!.username_key) : null,
  };
}

/** Groups by name, keyset-paginated on the unique name. */
export async function findGroups(
  db: Kysely<Database>,
  options: { search?: string; after?: string; limit: number },
): Promise<Page<Group>> {
  let query = db.selectFrom('authz_group').select(['id', 'name']);
  if (options.search !== undefined) {
    const pattern = likePattern(options.search.toLowerCase());
    query = query.where(sql`lower(name)`, 'like', sql`${pattern} escape '\\'`);
  }
  if (options.after !== undefined) query = query.where('name', '>', decode(options.after));
  const rows = await query
    .orderBy('name')
    .limit(options.limit + 1)
    .execute();
  const page = rows.slice(0, options.limit);
  return { items: page, nextCursor: rows.length > options.limit ? encode(page.at(-1)!.name) : null };
}
