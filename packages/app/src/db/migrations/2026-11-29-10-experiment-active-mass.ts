import type { Kysely, Migration } from 'kysely';

/** SPEC §6: an experiment may record its active mass (mg), so capacities also show as mAh/g. */
export const experimentActiveMassMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('experiment').addColumn('active_mass_mg', 'double precision').execute();
  },
};
