import { withIdColumn } from '@batterydb/authz';
import type { Kysely, Migration } from 'kysely';

/**
 * Column mappings (issue 22): how a CSV in no layout we read is imported, saved under a name and
 * shared lab-wide. `signature` (mapping/header-signature.ts) finds the mapping again for a later
 * file with the same column names; `columns` keeps those names for people, `mapping` the JSON
 * of which column holds what (cycler/mapping/user-mapping.ts). A deleted account leaves its
 * mappings with no author.
 */
export const columnMappingsMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await withIdColumn(db, db.schema.createTable('column_mapping'))
      .addColumn('name', 'varchar(100)', (c) => c.notNull().unique())
      .addColumn('signature', 'varchar(64)', (c) => c.notNull())
      .addColumn('columns', 'text', (c) => c.notNull())
      .addColumn('mapping', 'text', (c) => c.notNull())
      .addColumn('created_by', 'integer', (c) => c.references('authz_user.id').onDelete('set null'))
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('column_mapping_signature')
      .on('column_mapping')
      .columns(['signature', 'id'])
      .execute();
  },
};
