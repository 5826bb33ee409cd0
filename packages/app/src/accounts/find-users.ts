import { AuthzError, type ObjectPolicy, toUser, type User } from '@batterydb/authz';
import { type Expression, type Kysely, type RawBuilder, type SqlBool, sql } from 'kysely';
import type { AppAuthz } from '../authz/create-app-authz.ts';
import type { Database } from '../db/schema.ts';
import { likePattern, type Page } from './find-accounts.ts';
import { decodeCursor, encodeCursor } from './keyset-cursor.ts';

const DAY = 24 * 60 * 60 * 1000;

/** The last-login filter of the users list (Django admin's date filter, in the words a lab manager uses). */
export const LAST_LOGIN_FILTERS = ['never', 'within-7-days', 'within-30-days', 'not-in-90-days'] as const;
export type LastLoginFilter = (typeof LAST_LOGIN_FILTERS)[number];

/** Sort orders: a column, descending with a leading `-`. */
export const USER_SORTS = [
  'username',
  '-username',
  '-dateJoined',
  'dateJoined',
  '-lastLogin',
  'lastLogin',
] as const;
export type UserSort = (typeof USER_SORTS)[number];

export interface UserQuery {
  /** Part of the username, e-mail address or full name (case-insensitive). */
  search?: string;
  active?: boolean;
  staff?: boolean;
  superuser?: boolean;
  /** Members of this group. */
  groupId?: number;
  /** Holds (or does not hold) at least one object grant of its own, on any model with objects. */
  hasGrants?: boolean;
  lastLogin?: LastLoginFilter;
  sort?: UserSort;
  /** `nextCursor` of the previous page (of the same query). */
  after?: string;
  limit: number;
}

/** Sort keys as SQL: never-signed-in sorts as the oldest sign-in, so the key is never null. */
const SORT_KEYS = {
  username: sql<string>`u.username_key`,
  dateJoined: sql<number>`u.date_joined`,
  lastLogin: sql<number>`coalesce(u.last_login, 0)`,
} as const;

function filters(query: UserQuery, policies: Iterable<ObjectPolicy>, now: number): Expression<SqlBool>[] {
  const where: Expression<SqlBool>[] = [];
  if (query.search !== undefined) {
    const pattern = likePattern(query.search.normalize('NFKC').toLowerCase());
    const like = (column: string) => sql<SqlBool>`lower(${sql.ref(column)}) like ${pattern} escape '\\'`;
    where.push(sql<SqlBool>`(${like('u.username_key')} or ${like('u.email')} or ${like('u.full_name')})`);
  }
  const flag = (column: string, value: boolean | undefined) => {
    if (value !== undefined) where.push(sql<SqlBool>`${sql.ref(column)} = ${value ? 1 : 0}`);
  };
  flag('u.is_active', query.active);
  flag('u.is_staff', query.staff);
  flag('u.is_superuser', query.superuser);
  if (query.groupId !== undefined)
    where.push(
      sql<SqlBool>`exists (select 1 from authz_user_group ug where ug.user_id = u.id and ug.group_id = ${query.groupId})`,
    );
  if (query.hasGrants !== undefined) {
    const any = [...policies].map(
      (p) => sql<SqlBool>`exists (select 1 from ${sql.table(p.userGrantTable)} g where g.user_id = u.id)`,
    );
    const holds = any.length ? sql<SqlBool>`(${sql.join(any, sql` or `)})` : sql<SqlBool>`1 = 0`;
    where.push(query.hasGrants ? holds : sql<SqlBool>`not ${holds}`);
  }
  switch (query.lastLogin) {
    case undefined:
      break;
    case 'never':
      where.push(sql<SqlBool>`u.last_login is null`);
      break;
    case 'within-7-days':
    case 'within-30-days':
      where.push(sql<SqlBool>`u.last_login >= ${now - (query.lastLogin === 'within-7-days' ? 7 : 30) * DAY}`);
      break;
    case 'not-in-90-days':
      where.push(sql<SqlBool>`(u.last_login is null or u.last_login < ${now - 90 * DAY})`);
      break;
  }
  return where;
}

/** `findUsers`'s context from BatteryDB's kit: its models with objects and the kit's clock. */
export function userSearchContext(authz: Pick<AppAuthz, 'experiments' | 'now'>) {
  return { policies: [authz.experiments.policy], now: authz.now().getTime() };
}

/**
 * The users list of the admin site and `GET /api/admin/users`: search, filters and a sort, in
 * keyset pages — `(sort key, id)` compared with the cursor as a row value, so the last page of
 * 5,000 users costs what the first does. `policies` are the models with objects (for
 * `hasGrants`); `now` is the kit's clock (for `lastLogin`).
 */
export async function findUsers(
  db: Kysely<Database>,
  query: UserQuery,
  context: { policies: Iterable<ObjectPolicy>; now: number },
): Promise<Page<User>> {
  const sort = query.sort ?? 'username';
  const desc = sort.startsWith('-');
  const name = (desc ? sort.slice(1) : sort) as keyof typeof SORT_KEYS;
  const key: RawBuilder<string | number> = SORT_KEYS[name];
  const where = filters(query, context.policies, context.now);
  if (query.after !== undefined) {
    const after = decodeCursor(query.after);
    // A cursor of another sort would compare a name with a number (an SQL error on PostgreSQL).
    if (typeof after.value !== (name === 'username' ? 'string' : 'number'))
      throw new AuthzError('INVALID_INPUT', 'after is a cursor of another sort order', 'after');
    where.push(
      desc
        ? sql<SqlBool>`(${key}, u.id) < (${after.value}, ${after.id})`
        : sql<SqlBool>`(${key}, u.id) > (${after.value}, ${after.id})`,
    );
  }
  const direction = sql.raw(desc ? 'desc' : 'asc');
  const rows = await db
    .selectFrom('authz_user as u')
    .selectAll('u')
    .select(key.as('sort_key'))
    .$if(where.length > 0, (q) => q.where(sql<SqlBool>`${sql.join(where, sql` and `)}`))
    .orderBy(sql`${key} ${direction}`)
    .orderBy(sql`u.id ${direction}`)
    .limit(query.limit + 1)
    .execute();
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    items: page.map(({ sort_key: _key, ...row }) => toUser(row)),
    nextCursor:
      rows.length > query.limit && last ? encodeCursor({ value: last.sort_key, id: last.id }) : null,
  };
}

/** The names of each user's groups, for a page of users (one query). */
export async function groupNamesOf(
  db: Kysely<Database>,
  userIds: readonly number[],
): Promise<Map<number, string[]>> {
  const rows = await db
    .selectFrom('authz_user_group as ug')
    .innerJoin('authz_group as g', 'g.id', 'ug.group_id')
    .select(['ug.user_id', 'g.name'])
    .where('ug.user_id', 'in', [...userIds, -1])
    .orderBy('g.name')
    .execute();
  const out = new Map<number, string[]>(userIds.map((id) => [id, []]));
  for (const r of rows) out.get(r.user_id)?.push(r.name);
  return out;
}
