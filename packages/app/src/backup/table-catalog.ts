import { ident, type RawDatabase } from './raw-database.ts';

/** A table as found in the live database: what to copy, in which order, by which key. */
export interface TableInfo {
  name: string;
  /** Stored columns (generated ones are computed again by the target). */
  columns: string[];
  /** Primary key columns in key order; empty when the table has none (then read by offset). */
  key: string[];
  /** Tables this one references by foreign key (other than itself). */
  references: string[];
}

/**
 * Tables that are not data: the migrators' bookkeeping (a backup records the applied migration
 * names instead, and the target's migrators write their own rows), a copy's progress, and the
 * experiment list's versions (caches' counters, which the target's triggers bump as its rows go in).
 */
export const NOT_DATA = new Set([
  'kysely_migration',
  'kysely_migration_lock',
  'authz_migration',
  'authz_migration_lock',
  'batterydb_copy_progress',
  'experiment_list_version',
  'experiment_page_version',
]);

async function sqliteTables(db: RawDatabase): Promise<TableInfo[]> {
  // table_list's type keeps virtual tables (FTS) and their shadow tables out: the target's
  // triggers fill its own index from the rows.
  const names = (await db.rows(`select name from pragma_table_list where schema = 'main' and type = 'table'`))
    .map(([name]) => String(name))
    .filter((name) => !name.startsWith('sqlite_'));
  const tables: TableInfo[] = [];
  for (const name of names) {
    const columns = await db.rows('select name, pk, hidden from pragma_table_xinfo(?) order by cid', [name]);
    const foreign = await db.rows('select distinct "table" from pragma_foreign_key_list(?)', [name]);
    tables.push({
      name,
      columns: columns.filter((c) => Number(c[2]) === 0).map((c) => String(c[0])),
      key: columns
        .filter((c) => Number(c[1]) > 0)
        .sort((a, b) => Number(a[1]) - Number(b[1]))
        .map((c) => String(c[0])),
      references: foreign.map(([table]) => String(table)),
    });
  }
  return tables;
}

async function postgresTables(db: RawDatabase): Promise<TableInfo[]> {
  const columns = await db.rows(
    `select c.table_name, c.column_name from information_schema.columns c
       join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
      where c.table_schema = current_schema() and t.table_type = 'BASE TABLE' and c.is_generated = 'NEVER'
      order by c.table_name, c.ordinal_position`,
  );
  const keys = await db.rows(
    `select k.relname, a.attname from pg_index i
       join pg_class k on k.oid = i.indrelid
       join pg_attribute a on a.attrelid = i.indrelid and a.attnum = any(i.indkey)
      where i.indisprimary and k.relnamespace = current_schema()::regnamespace
      order by k.relname, array_position(i.indkey::int2[], a.attnum)`,
  );
  const foreign = await db.rows(
    `select distinct c.relname, f.relname from pg_constraint k
       join pg_class c on c.oid = k.conrelid join pg_class f on f.oid = k.confrelid
      where k.contype = 'f' and k.connamespace = current_schema()::regnamespace`,
  );
  const byName = new Map<string, TableInfo>();
  for (const [table, column] of columns) {
    const name = String(table);
    const info = byName.get(name) ?? { name, columns: [], key: [], references: [] };
    info.columns.push(String(column));
    byName.set(name, info);
  }
  for (const [table, column] of keys) byName.get(String(table))?.key.push(String(column));
  for (const [table, target] of foreign) byName.get(String(table))?.references.push(String(target));
  return [...byName.values()];
}

/**
 * Every data table of the live database with its columns, key and references, parents before
 * children (foreign keys), ties by name. Nothing here names an application table: tables other
 * engineers add are found the same way.
 */
export async function discoverTables(db: RawDatabase): Promise<TableInfo[]> {
  const all = db.dialect === 'sqlite' ? await sqliteTables(db) : await postgresTables(db);
  const tables = all.filter((t) => !NOT_DATA.has(t.name));
  return dependencyOrder(tables);
}

/** Kahn's algorithm; a cycle (none today) keeps its tables in name order at the end. */
export function dependencyOrder(tables: readonly TableInfo[]): TableInfo[] {
  const pending = new Map(tables.map((t) => [t.name, t]));
  const ordered: TableInfo[] = [];
  for (;;) {
    const ready = [...pending.values()]
      .filter((t) => t.references.every((r) => r === t.name || !pending.has(r)))
      .sort((a, b) => a.name.localeCompare(b.name));
    if (ready.length === 0) break;
    for (const table of ready) {
      ordered.push(table);
      pending.delete(table.name);
    }
  }
  return [...ordered, ...[...pending.values()].sort((a, b) => a.name.localeCompare(b.name))];
}

/** Rows of one table (a figure for manifests and verification). */
export async function countRows(db: RawDatabase, table: string): Promise<number> {
  const [row] = await db.rows(`select count(*) from ${ident(table)}`);
  return Number(row?.[0] ?? 0);
}
