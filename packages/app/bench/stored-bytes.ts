import { sql } from 'kysely';
import type { Connection } from '../src/db/connect.ts';

/** Tables (with their indexes) that hold samples, and the one that holds original files. */
const SAMPLE_TABLES = ['measurement', 'sample_block'];
const ORIGINAL_TABLES = ['data_file_chunk'];

/**
 * Bytes the database spends on samples and on originals, indexes and page overhead included:
 * SQLite's `dbstat` (pages of each table and of its indexes), PostgreSQL's
 * `pg_total_relation_size` (heap, TOAST and indexes).
 */
export async function storedBytes(
  connection: Connection,
): Promise<{ samples: number; originals: number; total: number }> {
  const size = async (table: string): Promise<number> => {
    if (connection.config.dialect === 'postgres') {
      const { rows } = await sql<{
        n: number | null;
      }>`select pg_total_relation_size(to_regclass(${table})) as n`.execute(connection.db);
      return Number(rows[0]?.n ?? 0);
    }
    const { rows } = await sql<{ n: number | null }>`
      select sum(pgsize) as n from dbstat where name = ${table}
        or name in (select name from sqlite_master where type = 'index' and tbl_name = ${table})`.execute(
      connection.db,
    );
    return Number(rows[0]?.n ?? 0);
  };
  let samples = 0;
  for (const t of SAMPLE_TABLES) samples += await size(t);
  let originals = 0;
  for (const t of ORIGINAL_TABLES) originals += await size(t);
  return { samples, originals, total: samples + originals };
}
