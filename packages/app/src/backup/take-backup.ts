import type { DatabaseConfig } from '../config/database-url.ts';
import { BACKUP_FORMAT, BACKUP_VERSION, type BackupHeader, type Manifest } from './archive-format.ts';
import { openArchiveWriter } from './archive-writer.ts';
import { progressReporter } from './progress.ts';
import { openRaw } from './raw-database.ts';
import { inSnapshot, readMigrations } from './snapshot.ts';
import { storedFiles } from './stored-files.ts';
import { discoverTables } from './table-catalog.ts';
import { tableBatches } from './table-rows.ts';
import { TableTally } from './verify-archive.ts';

export interface BackupOptions {
  appVersion: string;
  /** Progress lines (the CLI: stderr). */
  log?: (line: string) => void;
}

/**
 * `batterydb backup --to FILE`: every data table, read inside one snapshot (snapshot.ts) while
 * the site keeps serving and writing, streamed batch by batch into the archive
 * (archive-format.ts), then the manifest. Memory stays flat in the size of the data.
 */
export async function takeBackup(
  config: DatabaseConfig,
  to: string,
  options: BackupOptions,
): Promise<Manifest> {
  const db = await openRaw(config, 'source');
  const writer = openArchiveWriter(to);
  const progress = progressReporter('backup', options.log ?? (() => undefined));
  try {
    const manifest = await inSnapshot(db, async () => {
      const migrations = await readMigrations(db);
      if (migrations.kysely_migration.length === 0)
        throw new Error('the database has no BatteryDB schema (run `batterydb init` first)');
      const header: BackupHeader = {
        format: BACKUP_FORMAT,
        version: BACKUP_VERSION,
        appVersion: options.appVersion,
        createdAt: new Date().toISOString(),
        dialect: db.dialect,
        migrations,
      };
      await writer.write([JSON.stringify({ header })]);
      const tables = [];
      for (const table of await discoverTables(db)) {
        const tally = new TableTally(table.name, table.columns);
        await writer.write([JSON.stringify({ table: table.name, columns: table.columns })]);
        for await (const batch of tableBatches(db, table)) {
          for (const line of batch.lines) tally.add(line);
          await writer.write(batch.lines);
          progress.rows(table.name, tally.rows, batch.lines.length);
        }
        tables.push(tally.entry());
      }
      return { ...header, tables, files: await storedFiles(db) } satisfies Manifest;
    });
    await writer.write([JSON.stringify({ manifest })]);
    await writer.finish();
    options.log?.(progress.done());
    return manifest;
  } catch (error) {
    await writer.abandon();
    throw error;
  } finally {
    await db.close();
  }
}
