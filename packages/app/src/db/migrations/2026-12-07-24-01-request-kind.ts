import { type Kysely, type Migration, sql } from 'kysely';

/**
 * Issue 24: a published experiment's owner may ask a Maintainer for a correction (public data is
 * curated, so the owner cannot edit it). A correction request is a request like a publication
 * request — same queue, same decision, same audit — told apart by `kind`. At most one pending
 * request of each kind per experiment: the partial unique index now covers (experiment, kind).
 */
export const requestKindMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .alterTable('publication_request')
      .addColumn('kind', 'varchar(12)', (c) =>
        c
          .notNull()
          .defaultTo('publication')
          .check(sql`kind in ('publication', 'correction')`),
      )
      .execute();
    await db.schema.dropIndex('publication_request_pending').execute();
    await db.schema
      .createIndex('publication_request_pending')
      .on('publication_request')
      .columns(['experiment_id', 'kind'])
      .unique()
      .where(sql.ref('status'), '=', 'pending')
      .execute();
  },
};
