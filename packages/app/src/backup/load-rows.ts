import { BackupRefusal } from './backup-refusal.ts';
import { ident, type RawDatabase } from './raw-database.ts';
import { decodeValue, type Encoded } from './row-codec.ts';
import type { TableInfo } from './table-catalog.ts';

const FLUSH_BYTES = 4 * 1024 * 1024;

/**
 * Multi-row INSERTs into one table of the target, a few MiB or ≤ 30,000 parameters at a time
 * (under both dialects' limits). The columns must exist in the target, which was built by the
 * same migrations; a table or column it lacks is `schema-mismatch`.
 */
export function rowInserter(db: RawDatabase, target: readonly TableInfo[], table: string, columns: string[]) {
  const found = target.find((t) => t.name === table);
  const missing = found ? columns.filter((c) => !found.columns.includes(c)) : [];
  if (!found || missing.length)
    throw new BackupRefusal(
      'schema-mismatch',
      found
        ? `table ${table}: the target has no column ${missing.join(', ')}`
        : `the target has no table ${table}`,
    );
  const perStatement = Math.max(1, Math.min(1000, Math.floor(30_000 / columns.length)));
  const head = `insert into ${ident(table)} (${columns.map(ident).join(', ')}) values `;
  const tuple = `(${columns.map(() => '?').join(', ')})`;
  let pending: unknown[][] = [];
  let bytes = 0;
  const flush = async (): Promise<void> => {
    if (pending.length === 0) return;
    const rows = pending;
    pending = [];
    bytes = 0;
    await db.run(head + rows.map(() => tuple).join(', '), rows.flat());
  };
  return {
    async add(row: readonly Encoded[], size: number): Promise<void> {
      pending.push(row.map(decodeValue));
      bytes += size;
      if (pending.length >= perStatement || bytes >= FLUSH_BYTES) await flush();
    },
    flush,
  };
}

/**
 * PostgreSQL: every identity or serial column's sequence continues after the largest id
 * loaded (rows came with their ids). SQLite's AUTOINCREMENT keeps up by itself.
 */
export async function resetSequences(db: RawDatabase): Promise<void> {
  if (db.dialect !== 'postgres') return;
  const columns = await db.rows(
    `select table_name, column_name from information_schema.columns
      where table_schema = current_schema() and (is_identity = 'YES' or column_default like 'nextval(%')`,
  );
  for (const [table, column] of columns) {
    const [t, c] = [ident(String(table)), ident(String(column))];
    await db.rows(
      `select setval(pg_get_serial_sequence(?, ?), coalesce(max(${c}), 0) + 1, false) from ${t}`,
      [t, String(column)],
    );
  }
}

/** SQLite loads with foreign keys off (parents come first anyway); this proves none is broken. */
export async function checkForeignKeys(db: RawDatabase): Promise<void> {
  if (db.dialect !== 'sqlite') return;
  const broken = await db.rows('select "table", parent from pragma_foreign_key_check');
  if (broken.length)
    throw new BackupRefusal(
      'schema-mismatch',
      `${broken.length} rows reference rows that do not exist (first: ${String(broken[0]![0])} → ${String(broken[0]![1])})`,
    );
}
