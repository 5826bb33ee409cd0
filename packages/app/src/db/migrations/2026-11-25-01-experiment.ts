import { withIdColumn } from '@batterydb/authz';
import { type Kysely, type Migration, sql } from 'kysely';

export const experimentMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await withIdColumn(db, db.schema.createTable('experiment'))
      .addColumn('title', 'varchar(300)', (c) => c.notNull())
      .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('cathode_material', 'varchar(100)', (c) => c.notNull().defaultTo(''))
      .addColumn('anode_material', 'varchar(100)', (c) => c.notNull().defaultTo(''))
      .addColumn('chemistry', 'varchar(100)', (c) => c.notNull().defaultTo(''))
      .addColumn('cell_format', 'varchar(50)', (c) => c.notNull().defaultTo(''))
      .addColumn('nominal_capacity_mah', 'double precision')
      .addColumn('temperature_c', 'double precision')
      .addColumn('cycler', 'varchar(100)', (c) => c.notNull().defaultTo(''))
      .addColumn('start_date', 'varchar(10)')
      .addColumn('tags', 'varchar(1000)', (c) => c.notNull().defaultTo(''))
      .addColumn('status', 'varchar(10)', (c) =>
        c
          .notNull()
          .defaultTo('private')
          .check(sql`status in ('private', 'public')`),
      )
      // Deleting a user who still owns experiments is refused: data is never lost by accident.
      .addColumn('owner_id', 'integer', (c) => c.notNull().references('authz_user.id').onDelete('restrict'))
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .execute();
    // Keyset pagination newest first, and the rule filters (status, owner) with the same order.
    await db.schema
      .createIndex('experiment_created')
      .on('experiment')
      .columns(['created_at', 'id'])
      .execute();
    await db.schema
      .createIndex('experiment_status_created')
      .on('experiment')
      .columns(['status', 'created_at', 'id'])
      .execute();
    await db.schema
      .createIndex('experiment_owner_created')
      .on('experiment')
      .columns(['owner_id', 'created_at', 'id'])
      .execute();
  },
};
