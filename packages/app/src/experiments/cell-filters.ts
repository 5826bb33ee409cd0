import { AuthzError } from '@batterydb/authz';
import { type Expression, type Kysely, type SqlBool, sql } from 'kysely';
import type { Database } from '../db/schema.ts';

/**
 * Filters on an experiment's cells (issue 20, part 5): an experiment matches when at least ONE
 * of its cells satisfies every cell range given — the ranges are one `exists` over the same cell,
 * not one per range, so "mass 10–12 mg at 25 °C" finds a cell that is both. The API and the list
 * page share this table: the names are the query parameters, the labels what the form and the
 * errors say.
 */
export const CELL_RANGES = [
  { name: 'cellMass', column: 'active_mass_mg', label: 'Cell active mass (mg)' },
  { name: 'chargeRate', column: 'charge_c_rate', label: 'Charge C-rate' },
  { name: 'dischargeRate', column: 'discharge_c_rate', label: 'Discharge C-rate' },
  { name: 'cellTemperature', column: 'temperature_c', label: 'Cell temperature (°C)' },
] as const;

/** Voltage window: the cell's lower cut-off at or above `voltageMin`, its upper at or below `voltageMax`. */
export const VOLTAGE_LABEL = 'Voltage window (V)';

type RangeName = (typeof CELL_RANGES)[number]['name'];
export type CellFilterName = `${RangeName}${'Min' | 'Max'}` | 'voltageMin' | 'voltageMax';
export const CELL_FILTERS: readonly CellFilterName[] = [
  ...CELL_RANGES.flatMap((r) => [`${r.name}Min` as const, `${r.name}Max` as const]),
  'voltageMin',
  'voltageMax',
];
export type CellQuery = Partial<Record<CellFilterName, number>>;

const bad = (field: string, message: string) => new AuthzError('INVALID_INPUT', message, field);

/** Every bound a finite number and no range upside down; the error names the field and its label. */
export function checkCellQuery(query: CellQuery): void {
  for (const name of CELL_FILTERS) {
    const value = query[name];
    if (value !== undefined && !Number.isFinite(value))
      throw bad(name, `${labelOf(name)}: ${name} must be a number`);
  }
  for (const [min, max, label] of [
    ...CELL_RANGES.map((r) => [`${r.name}Min`, `${r.name}Max`, r.label] as const),
    ['voltageMin', 'voltageMax', VOLTAGE_LABEL] as const,
  ]) {
    const lo = query[min];
    const hi = query[max];
    if (lo !== undefined && hi !== undefined && lo > hi)
      throw bad(min, `${label}: the minimum (${lo}) must not exceed the maximum (${hi})`);
  }
}

/** The label a field belongs to, for error messages. */
export function labelOf(name: CellFilterName): string {
  if (name === 'voltageMin' || name === 'voltageMax') return VOLTAGE_LABEL;
  return CELL_RANGES.find((r) => name.startsWith(r.name))!.label;
}

/** One `exists` over the experiment's cells, or null when no cell filter is given. */
export function cellFilter(query: CellQuery, alias: string): Expression<SqlBool> | null {
  const conditions: Expression<SqlBool>[] = [];
  const bound = (column: string, op: '>=' | '<=', value: number | undefined) => {
    if (value !== undefined)
      conditions.push(sql<SqlBool>`${sql.ref(`cf.${column}`)} ${sql.raw(op)} ${value}`);
  };
  for (const r of CELL_RANGES) {
    bound(r.column, '>=', query[`${r.name}Min`]);
    bound(r.column, '<=', query[`${r.name}Max`]);
  }
  bound('voltage_min_v', '>=', query.voltageMin);
  bound('voltage_max_v', '<=', query.voltageMax);
  if (conditions.length === 0) return null;
  return sql<SqlBool>`exists (select 1 from cell as cf where cf.experiment_id = ${sql.ref(`${alias}.id`)} and ${sql.join(conditions, sql` and `)})`;
}

/** Cells per experiment of a page: one grouped count over the page's ids. */
export async function cellCounts(db: Kysely<Database>, ids: readonly number[]): Promise<Map<number, number>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('cell')
    .select(['experiment_id', (eb) => eb.fn.countAll<number | string>().as('n')])
    .where('experiment_id', 'in', ids)
    .groupBy('experiment_id')
    .execute();
  return new Map(rows.map((r) => [Number(r.experiment_id), Number(r.n)]));
}

/** The cell ranges of a query of strings (API or form), each through the caller's number parser. */
export function cellQuery(
  given: Partial<Record<CellFilterName, string>>,
  parse: (value: string | undefined, name: CellFilterName) => number | undefined,
): Record<CellFilterName, number | undefined> {
  // Every name present (undefined when not given), so it overrides the strings it came from.
  return Object.fromEntries(CELL_FILTERS.map((name) => [name, parse(given[name], name)])) as Record<
    CellFilterName,
    number | undefined
  >;
}
