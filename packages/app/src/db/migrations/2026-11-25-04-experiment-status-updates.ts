import { dialectOf } from '@batterydb/authz';
import { type Kysely, type Migration, sql } from 'kysely';

/**
 * Publishing and unpublishing are the headline writes (one UPDATE of `status`, nothing to
 * re-materialise). An index on `status` made each of them rewrite index entries while lists
 * did not need it: the newest-first index serves pages and counts scan anyway. Without it, and
 * with free space left in PostgreSQL's pages, a status flip can be a heap-only (HOT) update.
 */
export const experimentStatusUpdatesMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.dropIndex('experiment_status_created').execute();
    if (dialectOf(db) === 'postgres') await sql`alter table experiment set (fillfactor = 90)`.execute(db);
  },
};
