import { decodeValue, encodeValue, type Encoded } from './row-codec.ts';
import { ident, type RawDatabase } from './raw-database.ts';
import type { TableInfo } from './table-catalog.ts';

/** Where reading a table stands: the last key read (keyed tables) or rows read (others). */
export type Position = { key: Encoded[] } | { offset: number } | null;

export interface Batch {
  rows: Encoded[][];
  /** Each row as its JSON text (what a backup writes and checksums). */
  lines: string[];
  /** Pass back to continue after this batch (a copy records it to resume). */
  next: Position;
}

/** Aim for batches of about this many bytes of JSON: samples are small, file pieces 1 MiB. */
const BATCH_BYTES = 4 * 1024 * 1024;
const MAX_BATCH_ROWS = 5000;

/**
 * A table's rows in batches, in key order, from `after` on: keyset pages
 * (`where (k1, k2) > (?, ?) order by k1, k2`), so memory stays flat in the size of the table and
 * a page costs the same at its end as at its start. A table without a primary key is read by
 * offset in the order of all its columns. The batch size adapts to the rows' size.
 */
export async function* tableBatches(db: RawDatabase, table: TableInfo, after: Position = null) {
  const columns = table.columns.map(ident).join(', ');
  const order = (table.key.length ? table.key : table.columns).map(ident).join(', ');
  const keyAt = table.key.map((k) => table.columns.indexOf(k));
  let position = after;
  // Small first: a row may be a 1 MiB file piece; the size of the first batch sets the next.
  let limit = 16;
  for (;;) {
    let where = '';
    let params: unknown[] = [];
    if (position && 'key' in position) {
      where = ` where (${table.key.map(ident).join(', ')}) > (${table.key.map(() => '?').join(', ')})`;
      params = position.key.map(decodeValue);
    }
    const offset = position && 'offset' in position ? ` offset ${position.offset}` : '';
    const raw = await db.rows(
      `select ${columns} from ${ident(table.name)}${where} order by ${order} limit ${limit}${offset}`,
      params,
    );
    if (raw.length === 0) return;
    const rows = raw.map((row) => row.map(encodeValue));
    const last = rows[rows.length - 1]!;
    position = table.key.length
      ? { key: keyAt.map((i) => last[i] ?? null) }
      : { offset: (position && 'offset' in position ? position.offset : 0) + rows.length };
    const lines = rows.map((row) => JSON.stringify(row));
    const batch: Batch = { rows, lines, next: position };
    yield batch;
    if (raw.length < limit) return;
    const bytes = lines.reduce((sum, line) => sum + line.length, 0);
    limit = Math.max(
      1,
      Math.min(MAX_BATCH_ROWS, Math.floor((BATCH_BYTES * raw.length) / Math.max(bytes, 1))),
    );
  }
}
