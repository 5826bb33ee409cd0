import { isDeepStrictEqual } from 'node:util';
import { BackupRefusal } from './backup-refusal.ts';
import { refuseNonEmpty, tablesIn } from './build-schema.ts';
import type { RawDatabase } from './raw-database.ts';
import type { Migrations } from './snapshot.ts';
import type { Position } from './table-rows.ts';

const TABLE = 'batterydb_copy_progress';
/** The row about the copy as a whole: the source's migrations, and whether the schema is built. */
const SCHEMA_ROW = '';

/**
 * A copy's progress, kept in the target itself: per table the last key copied, written in the
 * same transaction as the rows it covers, so an interrupted copy (killed, network gone) resumes
 * exactly after its last committed batch. The table goes when the copy is verified; a target
 * without it but with tables is refused as not empty.
 */
export async function copyProgress(db: RawDatabase, migrations: Migrations) {
  const tables = await tablesIn(db);
  if (tables.length === 0) {
    await db.run(
      `create table ${TABLE} (table_name varchar(200) primary key, position text, done integer not null)`,
    );
    await db.run(`insert into ${TABLE} (table_name, position, done) values (?, ?, 0)`, [
      SCHEMA_ROW,
      JSON.stringify(migrations),
    ]);
  } else if (!tables.includes(TABLE)) refuseNonEmpty(tables);
  const state = new Map<string, { position: Position; done: boolean }>();
  for (const [name, position, done] of await db.rows(`select table_name, position, done from ${TABLE}`))
    state.set(String(name), { position: JSON.parse(String(position)) as Position, done: Number(done) === 1 });
  const schema = state.get(SCHEMA_ROW);
  if (!isDeepStrictEqual(schema?.position, migrations))
    throw new BackupRefusal(
      'source-changed',
      'the source was migrated since this copy began: empty the target and copy again',
    );
  const save = async (name: string, position: Position, done: boolean): Promise<void> => {
    await db.run(
      `insert into ${TABLE} (table_name, position, done) values (?, ?, ?)
       on conflict (table_name) do update set position = excluded.position, done = excluded.done`,
      [name, JSON.stringify(position), done ? 1 : 0],
    );
    state.set(name, { position, done });
  };
  return {
    resumed: tables.length > 0,
    schemaBuilt: () => state.get(SCHEMA_ROW)?.done ?? false,
    markSchemaBuilt: () => save(SCHEMA_ROW, migrations as unknown as Position, true),
    position: (name: string): Position => state.get(name)?.position ?? null,
    done: (name: string): boolean => state.get(name)?.done ?? false,
    /** Call inside the batch's transaction. */
    save,
    finish: () => db.run(`drop table ${TABLE}`),
  };
}
