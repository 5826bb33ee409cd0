import type { Kysely, Migration } from 'kysely';

/**
 * A user's full name (issue 11: the admin site searches and edits it, as Django's user admin
 * does with first and last name). One field, not two: many names do not split into a given
 * and a family name (W3C, "Personal names around the world"). Empty for existing accounts.
 */
export const userFullNameMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .alterTable('authz_user')
      .addColumn('full_name', 'varchar(150)', (c) => c.notNull().defaultTo(''))
      .execute();
  },
};
