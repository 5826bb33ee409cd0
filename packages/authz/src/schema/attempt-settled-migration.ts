import type { Kysely, Migration } from 'kysely';

/**
 * Issue 19: a sign-in attempt is registered before its password is checked and settled after;
 * only settled attempts (failures) count against the limits, so a burst of right-password
 * sign-ins of one account is not refused because its own attempts are still in progress.
 * Existing rows are failures, settled long ago (default 1).
 */
export const attemptSettledMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .alterTable('authz_sign_in_attempt')
      .addColumn('settled', 'integer', (c) => c.notNull().defaultTo(1))
      .execute();
  },
};
