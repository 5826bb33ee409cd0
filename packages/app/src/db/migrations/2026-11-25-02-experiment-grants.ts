import { createGrantTables } from '@batterydb/authz';
import type { Kysely, Migration } from 'kysely';

/** Per-object grants on experiments, for users and groups (cascade on every side). */
export const experimentGrantsMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await createGrantTables(db, 'experiment');
  },
};
