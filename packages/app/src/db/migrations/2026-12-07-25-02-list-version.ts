import { dialectOf } from '@batterydb/authz';
import { type Kysely, type Migration, sql } from 'kysely';

/** Counters summed into the version, one bumped at random (as the authorization generation's). */
export const LIST_VERSION_SLOTS = 16;

/** A version table: {@link LIST_VERSION_SLOTS} counters at 0, summed by whoever reads it. */
export async function createVersionTable(db: Kysely<unknown>, table: string): Promise<void> {
  await db.schema
    .createTable(table)
    .addColumn('slot', 'integer', (c) => c.primaryKey())
    .addColumn('value', 'bigint', (c) => c.notNull().defaultTo(0))
    .execute();
  await db
    .insertInto(table as never)
    .values(Array.from({ length: LIST_VERSION_SLOTS }, (_, slot) => ({ slot, value: 0 })))
    .execute();
}

/** PostgreSQL: `<table>_bump()`, a trigger function adding 1 to one slot drawn at random. */
export async function createBumpFunction(db: Kysely<unknown>, table: string): Promise<void> {
  await sql
    .raw(
      // The slot drawn once, into a variable: random() in the WHERE would be drawn per row.
      `create function ${table}_bump() returns trigger language plpgsql as $$
        declare chosen integer := floor(random() * ${LIST_VERSION_SLOTS})::integer;
        begin update ${table} set value = value + 1 where slot = chosen; return null; end $$`,
    )
    .execute(db);
}

/**
 * Issue 25: the experiment list's version, for the capped-total cache (experiments/list-total-cache.ts).
 * Every write that can change which experiments someone may view — a row added or removed, its
 * status or owner changed (the inputs of the policy's rules and grant conditions) — bumps it in
 * the same transaction, by trigger, so no write path (bulk updates, imports, restores, a
 * statement typed by hand) can miss it (SPEC §3.5: a cache invalidated by the write). The sum
 * of the slots is the version; on PostgreSQL a slot is chosen at random so that concurrent
 * serializable writers rarely update the same row, and the trigger fires once per statement
 * (SQLite has row triggers only, and one writer: one slot).
 */
export const listVersionMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await createVersionTable(db, 'experiment_list_version');
    const events = ['insert', 'delete', 'update of status, owner_id'];
    if (dialectOf(db) === 'sqlite') {
      // One writer at a time: one slot is enough (and a random one in a WHERE is drawn per row).
      const bump = 'update experiment_list_version set value = value + 1 where slot = 0;';
      for (const [i, event] of events.entries())
        await sql
          .raw(`create trigger experiment_list_version_${i} after ${event} on experiment begin ${bump} end`)
          .execute(db);
      return;
    }
    await createBumpFunction(db, 'experiment_list_version');
    for (const [i, event] of events.entries())
      await sql
        .raw(
          `create trigger experiment_list_version_${i} after ${event} on experiment for each statement execute function experiment_list_version_bump()`,
        )
        .execute(db);
  },
};
