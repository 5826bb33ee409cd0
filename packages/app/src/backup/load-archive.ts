import { isDeepStrictEqual } from 'node:util';
import type { Manifest } from './archive-format.ts';
import { BackupRefusal } from './backup-refusal.ts';
import { clearTables } from './build-schema.ts';
import { checkForeignKeys, resetSequences, rowInserter } from './load-rows.ts';
import type { Progress } from './progress.ts';
import type { RawDatabase } from './raw-database.ts';
import type { Encoded } from './row-codec.ts';
import { countRows, discoverTables } from './table-catalog.ts';
import { walkArchive } from './verify-archive.ts';

/** SQLite writes with foreign keys off (checked once at the end); PostgreSQL checks as it goes. */
export async function beginLoad(db: RawDatabase): Promise<void> {
  if (db.dialect === 'sqlite') await db.run('pragma foreign_keys = off');
  await db.run(db.dialect === 'sqlite' ? 'begin immediate' : 'begin');
}

/**
 * The archive's rows into the target built at its schema, in ONE transaction: the rows the
 * migrations wrote go first, then every table in the archive's order; the walk checks the
 * manifest again (the file may have changed since the first pass), then the counts in the target,
 * foreign keys and sequences. Any refusal rolls everything back.
 */
export async function loadArchive(
  db: RawDatabase,
  path: string,
  manifest: Manifest,
  progress: Progress,
): Promise<void> {
  const target = await discoverTables(db);
  await beginLoad(db);
  try {
    await clearTables(
      db,
      target.map((t) => t.name),
    );
    let inserter: ReturnType<typeof rowInserter> | null = null;
    const read = await walkArchive(path, {
      table: async (name, columns) => {
        await inserter?.flush();
        inserter = rowInserter(db, target, name, columns);
      },
      row: async (tally, text) => {
        await inserter!.add(JSON.parse(text) as Encoded[], text.length);
        progress.rows(tally.name, tally.rows, 1);
      },
    });
    await (inserter as ReturnType<typeof rowInserter> | null)?.flush();
    if (!isDeepStrictEqual(read.tables, manifest.tables))
      throw new BackupRefusal('manifest-mismatch', 'the backup file changed while it was being restored');
    for (const table of manifest.tables) {
      const rows = await countRows(db, table.name);
      if (rows !== table.rows)
        throw new BackupRefusal(
          'row-count-mismatch',
          `table ${table.name}: ${rows} rows restored, ${table.rows} backed up`,
        );
    }
    await checkForeignKeys(db);
    await resetSequences(db);
    await db.run('commit');
  } catch (error) {
    await db.run('rollback').catch(() => undefined);
    throw error;
  } finally {
    if (db.dialect === 'sqlite') await db.run('pragma foreign_keys = on');
  }
}
