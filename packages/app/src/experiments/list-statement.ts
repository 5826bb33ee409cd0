import {
  type AccessFilter,
  bindSlots,
  compileKey,
  type CompiledSlots,
  compileWithSlots,
  type Slot,
  type SlotValue,
} from '@batterydb/authz';
import { type Expression, type Kysely, type Selectable, type SqlBool, sql } from 'kysely';
import { withArrayRows } from '../db/array-rows.ts';
import { lruEntry } from '../db/lru-entry.ts';
import type { Database, ExperimentTable } from '../db/schema.ts';
import {
  LIST_VERSION_SQL,
  rememberedTotal,
  rememberTotal,
  totalKey,
  TOTAL_UNCHANGED,
} from './list-total-cache.ts';

/**
 * The experiment list's page and its total in ONE statement, rows as arrays:
 *
 *   select <columns>, owner's username, (the total: a count, capped or not, as a sub-select)
 *   from experiment e join authz_user u … where <may view> and <filters> [and (sort, id) past the cursor]
 *   order by sort, id limit n + 1
 *
 * The total is an uncorrelated sub-select over the same conditions (but not the cursor), which
 * both databases run once. Without filters — the first page everyone opens, and every page after
 * it — the statement is compiled once per shape (the viewer's access shape, the sort, whether a
 * cursor is given, how the total is counted) and only the values change: no query building,
 * no compiling, and the database's prepared statement is reused (issue 12).
 */

/** The columns a list item needs, in the order the array rows have them. */
export const LIST_COLUMNS = [
  'id',
  'title',
  'description',
  'cathode_material',
  'anode_material',
  'chemistry',
  'cell_format',
  'nominal_capacity_mah',
  'active_mass_mg',
  'temperature_c',
  'cycler',
  'start_date',
  'tags',
  'status',
  'owner_id',
  'created_at',
  'updated_at',
] as const satisfies readonly (keyof ExperimentTable)[];

export type ListRow = Selectable<ExperimentTable> & { owner_username: string };

/** An array row back into a row object (a fixed shape V8 builds fast), and the total column. */
export function fromArrayRow(values: readonly unknown[]): { row: ListRow; total: number | null } {
  const row = {} as Record<string, unknown>;
  for (let i = 0; i < LIST_COLUMNS.length; i++) row[LIST_COLUMNS[i]!] = values[i];
  row.owner_username = values[LIST_COLUMNS.length];
  const total = values[LIST_COLUMNS.length + 1];
  return { row: row as ListRow, total: total === null || total === undefined ? null : Number(total) };
}

export type TotalMode = 'exact' | 'estimate' | 'none';
/** `estimate` counts up to this many, then says "more" (flat cost however large the table). */
export const TOTAL_CAP = 1000;

export interface ListShape {
  /** Conditions on the alias given: the viewer's access and the query's filters. */
  where: (alias: string) => Expression<SqlBool>[];
  column: string;
  desc: boolean;
  /** The cursor's sort value and id, or null on the first page. */
  after: readonly [unknown, unknown] | null;
  limit: unknown;
  total: TotalMode;
  /**
   * The list version a remembered total was counted at (list-total-cache.ts): the total is then
   * counted only if the version differs, and the version is selected beside it.
   */
  remembered?: unknown;
}

/** The total alone: for an empty page after a cursor, which has no row to carry it. */
export function totalStatement(db: Kysely<Database>, shape: Pick<ListShape, 'where' | 'total'>) {
  return db.selectNoFrom(totalSql(shape).as('total'));
}

/** `where` conditions ANDed, or nothing at all when there are none. */
function whereSql(conditions: readonly Expression<SqlBool>[]) {
  return conditions.length === 0 ? sql`` : sql` where ${sql.join(conditions, sql` and `)}`;
}

function totalSql(shape: Pick<ListShape, 'where' | 'total' | 'remembered'>) {
  if (shape.total === 'none') return sql<number | null>`null`;
  const counted = whereSql(shape.where('c'));
  const count =
    shape.total === 'exact'
      ? sql<number | null>`(select count(*) from experiment as c${counted})`
      : // Counting stops after TOTAL_CAP + 1 rows: the cost is flat however large the table.
        sql<
          number | null
        >`(select count(*) from (select 1 from experiment as c${counted} limit ${TOTAL_CAP + 1}) as capped)`;
  if (shape.remembered === undefined) return count;
  // Both databases evaluate an uncorrelated sub-select in a CASE only when its branch is taken.
  return sql<
    number | null
  >`(case when ${LIST_VERSION_SQL} = ${shape.remembered} then ${sql.lit(TOTAL_UNCHANGED)} else ${count} end)`;
}

/** The statement for a shape, with whatever `where`, `after` and `limit` hold (values or slots). */
export function listStatement(db: Kysely<Database>, shape: ListShape) {
  const direction = sql.raw(shape.desc ? 'desc' : 'asc');
  const column = sql.ref(`e.${shape.column}`);
  const total = totalSql(shape);
  const after = shape.after;
  const conditions = shape.where('e');
  return db
    .selectFrom('experiment as e')
    .innerJoin('authz_user as u', 'u.id', 'e.owner_id')
    .select([...LIST_COLUMNS.map((c) => `e.${c}` as const), 'u.username as owner_username'])
    .select(total.as('total'))
    .$if(shape.remembered !== undefined, (q) => q.select(LIST_VERSION_SQL.as('list_version')))
    .$if(conditions.length > 0, (q) => q.where((eb) => eb.and(conditions)))
    .$if(after !== null, (q) =>
      q.where(
        shape.desc
          ? sql<SqlBool>`(${column}, e.id) < (${after![0]}, ${after![1]})`
          : sql<SqlBool>`(${column}, e.id) > (${after![0]}, ${after![1]})`,
      ),
    )
    .orderBy(sql`${column} ${direction}`)
    .orderBy(sql`e.id ${direction}`)
    .limit(shape.limit as number);
}

type Compiled = CompiledSlots<unknown[]>;
/** Shapes kept per kind of Kysely instance; a few per sort and kind of viewer in practice. */
const SHAPES_KEPT = 256;
const compiledByKind = new WeakMap<object, Map<string, Compiled>>();

/** Where the total and the list version are in an array row. */
const TOTAL_AT = LIST_COLUMNS.length + 1;
const VERSION_AT = LIST_COLUMNS.length + 2;

/**
 * Runs the list without filters for this access filter: compiled once per shape, then bound.
 * Slots: the access filter's values, the limit, the remembered version (when counting), then
 * the cursor's value and id. The total comes from list-total-cache.ts while nothing that
 * decides visibility changed; the rows carry it either way.
 */
export async function runPrecompiledList(
  db: Kysely<Database>,
  filter: AccessFilter | null,
  options: Pick<ListShape, 'column' | 'desc' | 'total'> & {
    after: readonly [SlotValue, number] | null;
    limit: number;
  },
): Promise<unknown[][]> {
  const kind = compileKey(db as unknown as Kysely<never>);
  let shapes = compiledByKind.get(kind);
  if (!shapes) compiledByKind.set(kind, (shapes = new Map<string, Compiled>()));
  const sort = `${options.column} ${options.desc ? 'desc' : 'asc'}`;
  const key = `${filter?.key ?? 'everything'}|${sort}|${options.after ? 'after' : 'first'}|${options.total}`;
  const n = filter?.values.length ?? 0;
  const counts = options.total !== 'none';
  const at = { limit: n, remembered: n + 1, after: counts ? n + 2 : n + 1 };
  const compiled = lruEntry(shapes, key, SHAPES_KEPT, () => {
    const statement = compileWithSlots<unknown>(
      db as unknown as Kysely<never>,
      at.after + (options.after ? 2 : 0),
      (d, ...slots: Slot[]) =>
        listStatement(d, {
          ...options,
          where: (alias) => (filter ? [filter.where(alias, (i) => slots[i])] : []),
          limit: slots[at.limit],
          ...(counts ? { remembered: slots[at.remembered] } : {}),
          after: options.after ? [slots[at.after], slots[at.after + 1]] : null,
        }),
    );
    return { ...statement, query: withArrayRows(statement.query) };
  });
  const totalAs = counts ? totalKey(filter, options.total) : '';
  const remembered = counts ? rememberedTotal(db, totalAs, filter) : null;
  const values: SlotValue[] = [...(filter?.values ?? []), options.limit];
  if (counts) values.push(remembered?.version ?? -1);
  if (options.after) values.push(...options.after);
  const rows = (await db.executeQuery(bindSlots(compiled, values))).rows;
  const first = rows[0];
  if (!counts || !first) return rows;
  if (Number(first[TOTAL_AT]) === TOTAL_UNCHANGED && remembered)
    for (const row of rows) row[TOTAL_AT] = remembered.total;
  else await rememberTotal(db, totalAs, filter, Number(first[VERSION_AT]), Number(first[TOTAL_AT]));
  return rows;
}
