import { type Kysely, type Migration, sql } from 'kysely';

/**
 * Which source an import's per-cycle capacities came from (SPEC §6): 'cycler' (the file's own
 * capacity/energy counters) or 'integrated' (current integrated over time). Nullable: files
 * imported before this was recorded say nothing rather than something invented.
 */
export const capacitySourceMigration: Migration = {
  async up(db: Kysely<unknown>) {
    for (const table of ['data_file', 'data_import'])
      await db.schema
        .alterTable(table)
        .addColumn('capacity_source', 'varchar(20)', (c) =>
          c.check(sql`capacity_source is null or capacity_source in ('cycler', 'integrated')`),
        )
        .execute();
  },
};
