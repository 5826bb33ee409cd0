import { withIdColumn } from '@batterydb/authz';
import { type Kysely, type Migration, sql } from 'kysely';

/**
 * SPEC §3.3: a Contributor asks for publication; a Maintainer approves or declines. The request
 * goes with its experiment (cascade); a deleted account leaves the request with no name.
 * At most one pending request per experiment (a partial unique index, on both dialects).
 */
export const publicationRequestsMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await withIdColumn(db, db.schema.createTable('publication_request'))
      .addColumn('experiment_id', 'integer', (c) =>
        c.notNull().references('experiment.id').onDelete('cascade'),
      )
      .addColumn('requested_by', 'integer', (c) => c.references('authz_user.id').onDelete('set null'))
      .addColumn('note', 'varchar(2000)', (c) => c.notNull().defaultTo(''))
      .addColumn('status', 'varchar(10)', (c) =>
        c.notNull().check(sql`status in ('pending', 'approved', 'declined')`),
      )
      .addColumn('decided_by', 'integer', (c) => c.references('authz_user.id').onDelete('set null'))
      .addColumn('decision_note', 'varchar(2000)', (c) => c.notNull().defaultTo(''))
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('decided_at', 'bigint')
      .execute();
    await db.schema
      .createIndex('publication_request_pending')
      .on('publication_request')
      .column('experiment_id')
      .unique()
      .where(sql.ref('status'), '=', 'pending')
      .execute();
    await db.schema
      .createIndex('publication_request_experiment')
      .on('publication_request')
      .columns(['experiment_id', 'id'])
      .execute();
    await db.schema
      .createIndex('publication_request_status')
      .on('publication_request')
      .columns(['status', 'id'])
      .execute();
  },
};
