import { dialectOf } from '@batterydb/authz';
import { type Kysely, type Migration, sql } from 'kysely';
import { createBumpFunction, createVersionTable } from './2026-12-07-25-02-list-version.ts';

/** What a list page shows besides who may view what, and the writes that change it. */
const WATCHED = [
  // Every column of an item (title, tags, times, …): any change to an experiment row.
  { table: 'experiment', events: ['insert', 'delete', 'update'] },
  // An item's cell count.
  { table: 'cell', events: ['insert', 'delete', 'update of experiment_id'] },
  // An item's owner's username.
  { table: 'authz_user', events: ['update of username'] },
];

/**
 * Issue 25: the version of what the experiment list's pages show, for the page cache
 * (experiments/list-page-cache.ts). Together with the list version (2026-12-07-25-02: who may
 * view what) and the authorization generation, it changes with every write that can change a
 * list page's bytes; bumped by trigger in the write's own transaction, so no write path can
 * miss it (SPEC §3.5). Slots as the list version's: one chosen at random on PostgreSQL (few
 * conflicts between concurrent writers), statement triggers there, row triggers on SQLite.
 */
export const listPageVersionMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await createVersionTable(db, 'experiment_page_version');
    const sqlite = dialectOf(db) === 'sqlite';
    if (!sqlite) await createBumpFunction(db, 'experiment_page_version');
    for (const { table, events } of WATCHED)
      for (const [i, event] of events.entries()) {
        const name = `${table}_page_version_${i}`;
        await sql
          .raw(
            sqlite
              ? `create trigger ${name} after ${event} on ${table} begin update experiment_page_version set value = value + 1 where slot = 0; end`
              : `create trigger ${name} after ${event} on ${table} for each statement execute function experiment_page_version_bump()`,
          )
          .execute(db);
      }
  },
};
