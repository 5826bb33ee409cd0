import { type QueryExecutorProvider, sql } from 'kysely';
import { dialectOf } from './dialect.ts';

/** An arbitrary, fixed key of the kit's own (Kysely's Migrator holds another while it migrates). */
const KEY = 7_300_150_001;

/**
 * Serialises the kit's start-up steps between processes starting at once (several workers,
 * several hosts): on PostgreSQL a transaction-scoped advisory lock, released at commit. SQLite
 * lets one writer in at a time already.
 */
export async function lockForMigration(trx: QueryExecutorProvider): Promise<void> {
  if (dialectOf(trx) === 'postgres') await sql`select pg_advisory_xact_lock(${KEY})`.execute(trx);
}
