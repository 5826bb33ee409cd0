import { type Kysely, sql } from 'kysely';
import { DROP_STAT4_SAMPLES } from './sqlite-handles.ts';

/**
 * Refreshes the planner's table statistics: `ANALYZE` on SQLite, without its STAT4 samples
 * (see `DROP_STAT4_SAMPLES`), `VACUUM ANALYZE` on PostgreSQL. For after a bulk load (the
 * benchmark's seed, a restore); a running server keeps SQLite's statistics with `optimize` at open.
 */
export async function analyzeDatabase<DB>(db: Kysely<DB>, dialect: 'sqlite' | 'postgres'): Promise<void> {
  if (dialect === 'postgres') {
    await sql`vacuum analyze`.execute(db);
    return;
  }
  await sql`analyze`.execute(db);
  await db.transaction().execute(async (trx) => {
    for (const statement of DROP_STAT4_SAMPLES) await sql.raw(statement).execute(trx);
  });
}
