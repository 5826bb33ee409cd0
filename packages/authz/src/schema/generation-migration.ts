import type { Kysely, Migration } from 'kysely';
import { GENERATION_SLOTS } from '../generation/stored-generation.ts';

/**
 * Issue 12: the authorization generation stored in the database (see
 * `generation/stored-generation.ts`): one counter per slot, all starting at zero.
 */
export const generationMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('authz_generation')
      .addColumn('slot', 'integer', (c) => c.primaryKey())
      .addColumn('value', 'bigint', (c) => c.notNull().defaultTo(0))
      .execute();
    await (db as Kysely<{ authz_generation: { slot: number; value: number } }>)
      .insertInto('authz_generation')
      .values(Array.from({ length: GENERATION_SLOTS }, (_, slot) => ({ slot, value: 0 })))
      .execute();
  },
};
