import { type AccessFilter, AuthzError, dialectOf, type Subject } from '@batterydb/authz';
import { type Expression, type Kysely, type SqlBool, sql } from 'kysely';
import type { AppAuthz } from '../authz/create-app-authz.ts';
import type { Database } from '../db/schema.ts';
import { isoDate } from './experiment-fields.ts';
import { type ExperimentJson, toExperimentJson } from './experiment-json.ts';
import { textSearch } from './text-search.ts';
import { cellCounts, cellFilter, checkCellQuery, type CellQuery } from './cell-filters.ts';
import {
  EMPTY_SUMMARY,
  type ExperimentSummary,
  experimentSummaries,
} from '../measurements/experiment-summaries.ts';
import { permissionsOfPage } from './page-permissions.ts';
import { withArrayRows } from '../db/array-rows.ts';
import {
  fromArrayRow,
  listStatement,
  runPrecompiledList,
  TOTAL_CAP,
  totalStatement,
  type TotalMode,
} from './list-statement.ts';

/** Sort keys of the list: non-null columns only, so keyset pagination stays exact. */
export const SORT_KEYS = {
  createdAt: 'created_at',
  updatedAt: 'updated_at',
  title: 'title',
} as const;
export type SortKey = keyof typeof SORT_KEYS;

/** The cell ranges (cell-filters.ts) ride along: an experiment matches when one of its cells does. */
export interface ExperimentQuery extends CellQuery {
  q?: string;
  chemistry?: string;
  /** Cathode or anode material. */
  material?: string;
  cellFormat?: string;
  temperatureMin?: number;
  temperatureMax?: number;
  /** Owner's username. */
  owner?: string;
  status?: 'private' | 'public';
  tag?: string;
  startFrom?: string;
  startTo?: string;
  /** `createdAt` (ascending) or `-createdAt` (descending, the default). */
  sort?: string;
  cursor?: string;
  limit?: number;
  /** How the total is counted (see {@link TotalMode}); `estimate` by default. */
  total?: TotalMode;
  /** Extras per item: `permissions` (what the caller may do), `summary` (cycles, last capacity). */
  include?: readonly ListInclude[];
}

/**
 * `exact`: count every visible match (linear in the table); `estimate` (the default): exact up
 * to {@link TOTAL_CAP}, then "more than that" — flat cost, what a page needs to say "1,000+";
 * `none`: no count at all.
 */
export { type TotalMode, TOTAL_CAP } from './list-statement.ts';
export type ListInclude = 'permissions' | 'summary';

export interface ExperimentPage {
  items: (ExperimentJson & { cellCount: number; permissions?: string[]; summary?: ExperimentSummary })[];
  /** Null with `total=none`. */
  total: number | null;
  /** False when the total is a lower bound (more than {@link TOTAL_CAP} matched). */
  totalExact: boolean;
  nextCursor: string | null;
}

const bad = (field: string, message: string) => new AuthzError('INVALID_INPUT', message, field);

function parseSort(sort = '-createdAt'): { column: (typeof SORT_KEYS)[SortKey]; desc: boolean; key: string } {
  const desc = sort.startsWith('-');
  const key = desc ? sort.slice(1) : sort;
  if (!Object.hasOwn(SORT_KEYS, key))
    throw bad(
      'sort',
      `sort must be one of ${Object.keys(SORT_KEYS)
        .flatMap((k) => [k, `-${k}`])
        .join(', ')}`,
    );
  return { column: SORT_KEYS[key as SortKey], desc, key: sort };
}

/** Cursors are opaque to clients: base64url of [sort, value, id], checked on the way back in. */
function encodeCursor(sort: string, value: unknown, id: number): string {
  return Buffer.from(JSON.stringify([sort, value, id])).toString('base64url');
}
function decodeCursor(cursor: string, sort: string): { value: string | number; id: number } {
  try {
    const [s, value, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];
    if (s === sort && (typeof value === 'string' || typeof value === 'number') && Number.isSafeInteger(id))
      return { value, id: id as number };
  } catch {
    // fall through to the error below
  }
  throw bad('cursor', 'cursor is not one this list handed out (or the sort changed)');
}

function filters(db: Kysely<Database>, query: ExperimentQuery, alias: string): Expression<SqlBool>[] {
  const out: Expression<SqlBool>[] = [];
  const eqLower = (column: string, value: string) =>
    sql<SqlBool>`lower(${sql.ref(`${alias}.${column}`)}) = ${value.trim().toLowerCase()}`;
  if (query.q !== undefined) {
    const search = textSearch(dialectOf(db), query.q, alias);
    if (search) out.push(search);
  }
  if (query.chemistry !== undefined) out.push(eqLower('chemistry', query.chemistry));
  if (query.cellFormat !== undefined) out.push(eqLower('cell_format', query.cellFormat));
  if (query.material !== undefined)
    out.push(
      sql<SqlBool>`(${eqLower('cathode_material', query.material)} or ${eqLower('anode_material', query.material)})`,
    );
  if (query.temperatureMin !== undefined)
    out.push(sql<SqlBool>`${sql.ref(`${alias}.temperature_c`)} >= ${query.temperatureMin}`);
  if (query.temperatureMax !== undefined)
    out.push(sql<SqlBool>`${sql.ref(`${alias}.temperature_c`)} <= ${query.temperatureMax}`);
  if (query.status !== undefined) out.push(sql<SqlBool>`${sql.ref(`${alias}.status`)} = ${query.status}`);
  if (query.tag !== undefined)
    out.push(
      sql<SqlBool>`${sql.ref(`${alias}.tags`)} like ${`%,${query.tag
        .trim()
        .toLowerCase()
        .replace(/[%_,\\]/g, '')},%`}`,
    );
  if (query.owner !== undefined)
    out.push(
      sql<SqlBool>`${sql.ref(`${alias}.owner_id`)} in (select id from authz_user where username_key = ${query.owner.normalize('NFKC').toLowerCase()})`,
    );
  if (query.startFrom !== undefined)
    out.push(sql<SqlBool>`${sql.ref(`${alias}.start_date`)} >= ${isoDate('startFrom', query.startFrom)}`);
  if (query.startTo !== undefined)
    out.push(sql<SqlBool>`${sql.ref(`${alias}.start_date`)} <= ${isoDate('startTo', query.startTo)}`);
  const cells = cellFilter(query, alias);
  if (cells) out.push(cells);
  return out;
}

/** True when the query has no search and no filter: the list the precompiled statement serves. */
export function isUnfiltered(db: Kysely<Database>, query: ExperimentQuery): boolean {
  return filters(db, query, 'e').length === 0;
}

/**
 * Search, filter, sort and page the experiments the caller may view. Every query — the page
 * and the total — is ANDed with the kit's permission filter, so neither can reveal a private
 * experiment (SPEC §3.4, issue #5).
 */
export async function findExperiments(
  authz: AppAuthz,
  db: Kysely<Database>,
  caller: Subject | null,
  query: ExperimentQuery,
): Promise<ExperimentPage> {
  const visible = await authz.experiments.accessFilter(caller, 'batterydb.view_experiment');
  return listExperiments(authz, db, caller, query, visible);
}

/**
 * The list machinery under {@link findExperiments}, given the visibility filter: the kit's
 * filter for the caller (the JSON route asks for it itself, to key its page cache by it,
 * list-page-cache.ts), or `null` — no permission filter at all — for the benchmark's baseline:
 * the same statement, cache, serialiser and authentication, minus authorization.
 */
export async function listExperiments(
  authz: AppAuthz,
  db: Kysely<Database>,
  caller: Subject | null,
  query: ExperimentQuery,
  visible: AccessFilter | null,
): Promise<ExperimentPage> {
  const limit = query.limit ?? 50;
  if (!Number.isInteger(limit) || limit < 1 || limit > 200)
    throw bad('limit', 'limit must be an integer 1–200');
  if (
    query.temperatureMin !== undefined &&
    query.temperatureMax !== undefined &&
    query.temperatureMin > query.temperatureMax
  )
    throw bad('temperatureMin', 'temperatureMin must not exceed temperatureMax');
  checkCellQuery(query);
  const sort = parseSort(query.sort);
  const after = query.cursor !== undefined ? decodeCursor(query.cursor, sort.key) : null;
  const mode = query.total ?? 'estimate';
  const where = (alias: string) => [
    ...(visible ? [visible.where(alias, (i) => visible.values[i])] : []),
    ...filters(db, query, alias),
  ];
  const shape = { column: sort.column, desc: sort.desc, total: mode, limit: limit + 1 };
  const cursor = after ? ([after.value, after.id] as const) : null;
  const rows = isUnfiltered(db, query)
    ? await runPrecompiledList(db, visible, { ...shape, after: cursor })
    : (await db.executeQuery(withArrayRows(listStatement(db, { ...shape, where, after: cursor }).compile())))
        .rows;
  const page = rows.slice(0, limit).map(fromArrayRow);
  const items = page.map((p) => p.row);
  // The total rides on every row; an empty page after a cursor has none to carry it.
  let n: number | null;
  if (page.length > 0) n = page[0]!.total;
  else if (mode === 'none') n = null;
  else if (after === null) n = 0;
  else n = Number((await totalStatement(db, { where, total: mode }).executeTakeFirstOrThrow()).total);
  const last = items.at(-1);
  const capped = mode === 'estimate' && n !== null && n > TOTAL_CAP;
  const include = new Set(query.include ?? []);
  const [counts, permissions, summaries] = await Promise.all([
    cellCounts(
      db,
      items.map((r) => r.id),
    ),
    include.has('permissions') ? permissionsOfPage(authz, caller, items) : null,
    include.has('summary')
      ? experimentSummaries(
          db,
          items.map((r) => r.id),
        )
      : null,
  ]);
  return {
    // The extras are assigned, not spread into a copy: a list builds 50–200 of these per request.
    items: items.map((r) => {
      const item = toExperimentJson(r, r.owner_username) as ExperimentPage['items'][number];
      item.cellCount = counts.get(r.id) ?? 0;
      if (permissions) item.permissions = permissions.get(r.id) ?? [];
      if (summaries) item.summary = summaries.get(r.id) ?? EMPTY_SUMMARY;
      return item;
    }),
    total: capped ? TOTAL_CAP : n,
    totalExact: mode === 'exact' || (n !== null && !capped),
    nextCursor: rows.length > limit && last ? encodeCursor(sort.key, last[sort.column], last.id) : null,
  };
}
