import { DEFAULT_MIGRATION_TABLE, type Kysely, sql } from 'kysely';
import { dialectOf } from '../db/dialect.ts';
import { lockForMigration } from '../db/migration-lock.ts';
import { authzMigrations } from './migrations.ts';

async function tableExists(db: Kysely<unknown>, table: string): Promise<boolean> {
  const { rows } =
    dialectOf(db) === 'postgres'
      ? await sql<{ found: boolean }>`select to_regclass(${table}) is not null as found`.execute(db)
      : await sql<{
          found: number;
        }>`select count(*) as found from sqlite_master where type = 'table' and name = ${table}`.execute(db);
  return Boolean(rows[0]?.found);
}

/**
 * Before it had a migration table of its own, the kit's migrations ran through the
 * application's Kysely `Migrator` and were recorded in its table (`kysely_migration`). Such a
 * database is upgraded once, in one transaction: the kit's rows move to the kit's table, so
 * neither migrator runs anything again, and the application's migrator — given only the
 * application's migrations from then on — finds no migration it does not know (Kysely calls
 * that "corrupted migrations"). Nothing happens once the kit's table exists.
 */
export async function adoptLegacyMigrations(db: Kysely<unknown>, table: string): Promise<void> {
  if (await tableExists(db, table)) return;
  if (!(await tableExists(db, DEFAULT_MIGRATION_TABLE))) return;
  const names = Object.keys(authzMigrations);
  const legacy = sql.table(DEFAULT_MIGRATION_TABLE);
  await db.transaction().execute(async (trx) => {
    await lockForMigration(trx);
    // The shape Kysely's Migrator gives its table, so that it takes this one as its own.
    await trx.schema
      .createTable(table)
      .ifNotExists()
      .addColumn('name', 'varchar(255)', (col) => col.notNull().primaryKey())
      .addColumn('timestamp', 'varchar(255)', (col) => col.notNull())
      .execute();
    // Every step is idempotent: a process that adopted meanwhile leaves nothing to do.
    await sql`insert into ${sql.table(table)} (name, timestamp)
      select name, timestamp from ${legacy}
      where name in (${sql.join(names)})
        and name not in (select name from ${sql.table(table)})`.execute(trx);
    await sql`delete from ${legacy} where name in (${sql.join(names)})`.execute(trx);
  });
}
