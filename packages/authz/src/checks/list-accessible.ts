import { type SqlBool, sql } from 'kysely';
import type { AuthzContext } from '../context.ts';
import { objectDb, type ObjectRow } from '../grants/grant-db.ts';
import { invalidInput } from '../errors.ts';
import type { ObjectPolicy } from '../objects/define-policy.ts';
import { accessible } from './accessible.ts';
import type { UserRef } from './subject.ts';

/** Where a page starts: the sort value and id of the last row of the previous page. */
export interface Cursor {
  value: string | number;
  id: number;
}

export interface PageOptions {
  /** A column of the policy's table; the id breaks ties, so the order is total. */
  orderBy: string;
  direction: 'asc' | 'desc';
  limit: number;
  after?: Cursor | null;
}

export interface Page<R> {
  items: R[];
  /** Pass as `after` for the next page; null on the last page. */
  next: Cursor | null;
}

const IDENT = /^[a-z_][a-z0-9_]*$/;

/**
 * One page of the objects a user may `perm`, by keyset pagination: `(orderBy, id)` compared
 * with the cursor as a row value, so page 1,000 costs what page 1 costs (no OFFSET scan).
 */
export async function listAccessible(
  ctx: AuthzContext,
  user: UserRef | null,
  perm: string,
  policy: ObjectPolicy,
  options: PageOptions,
): Promise<Page<ObjectRow>> {
  if (!IDENT.test(options.orderBy)) throw invalidInput('orderBy', `cannot sort by "${options.orderBy}"`);
  if (!Number.isInteger(options.limit) || options.limit < 1 || options.limit > 1000)
    throw invalidInput('limit', 'limit must be 1–1000');
  const where = await accessible(ctx, user, perm, policy, 't');
  const column = sql.ref(`t.${options.orderBy}`);
  const desc = options.direction === 'desc';
  const after = options.after;
  const rows = await objectDb(ctx)
    .selectFrom(`${policy.table} as t`)
    .selectAll('t')
    .where(where)
    .$if(after != null, (q) =>
      q.where(
        desc
          ? sql<SqlBool>`(${column}, t.id) < (${after!.value}, ${after!.id})`
          : sql<SqlBool>`(${column}, t.id) > (${after!.value}, ${after!.id})`,
      ),
    )
    .orderBy(sql`${column} ${sql.raw(desc ? 'desc' : 'asc')}`)
    .orderBy('t.id', desc ? 'desc' : 'asc')
    .limit(options.limit + 1)
    .execute();
  const items = rows.slice(0, options.limit) as ObjectRow[];
  const last = items.at(-1);
  const next =
    rows.length > options.limit && last
      ? { value: last[options.orderBy] as string | number, id: Number(last.id) }
      : null;
  return { items, next };
}

/** How many objects the user may `perm`: the same filter as the list, so a count never reveals more. */
export async function countAccessible(
  ctx: AuthzContext,
  user: UserRef | null,
  perm: string,
  policy: ObjectPolicy,
): Promise<number> {
  const where = await accessible(ctx, user, perm, policy, 't');
  const row = await objectDb(ctx)
    .selectFrom(`${policy.table} as t`)
    .select(({ fn }) => fn.countAll<number>().as('n'))
    .where(where)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
