import { resolve } from 'node:path';
import type { Command } from 'commander';
import { copyDatabase } from '../../backup/copy-database.ts';
import { restoreBackup } from '../../backup/restore-backup.ts';
import { takeBackup } from '../../backup/take-backup.ts';
import { parseDatabaseUrl } from '../../config/database-url.ts';
import { serverSettingsFromEnv } from '../../server/app-settings.ts';

const progress = (line: string) => console.error(line);

/** `backup`, `restore` and `copy-database` (issue 28; ARCHITECTURE "Backup, restore, copy"). */
export function registerBackupCommands(program: Command, version: string): void {
  program
    .command('backup')
    .description(
      'write a consistent snapshot of the database to FILE while the site keeps serving and writing',
    )
    .requiredOption(
      '--to <file>',
      "the backup file to write (gzip'd JSON lines; restores into either dialect)",
    )
    .action(async (options: { to: string }) => {
      const to = resolve(options.to);
      const manifest = await takeBackup(parseDatabaseUrl(process.env.DATABASE_URL), to, {
        appVersion: version,
        log: progress,
      });
      const rows = manifest.tables.reduce((sum, t) => sum + t.rows, 0);
      console.log(
        `Backup written to ${to}: ${manifest.tables.length} tables, ${rows} rows, ${manifest.files.length} files`,
      );
    });

  program
    .command('restore')
    .description('restore a backup FILE into the configured database, which must be empty (either dialect)')
    .requiredOption('--from <file>', 'the backup file')
    .action(async (options: { from: string }) => {
      const report = await restoreBackup(
        parseDatabaseUrl(process.env.DATABASE_URL),
        resolve(options.from),
        progress,
      );
      const rows = report.manifest.tables.reduce((sum, t) => sum + t.rows, 0);
      console.log(
        `Restored ${rows} rows of ${report.manifest.tables.length} tables and ${report.manifest.files.length} files (verified)`,
      );
      if (report.migratedForward.length)
        console.log(`Migrated forward: ${report.migratedForward.join(', ')}`);
    });

  program
    .command('copy-database')
    .description(
      'copy the configured database into the empty database at URL (SQLite ⇄ PostgreSQL), resumable, verified',
    )
    .requiredOption('--to <url>', 'the target DATABASE_URL (postgres://… or sqlite:PATH)')
    .action(async (options: { to: string }) => {
      const report = await copyDatabase(
        parseDatabaseUrl(process.env.DATABASE_URL),
        parseDatabaseUrl(options.to),
        {
          log: progress,
          anonymousRead: serverSettingsFromEnv(process.env).anonymousRead ?? false,
        },
      );
      console.log(
        `Copied ${report.rows} rows of ${report.tables} tables${report.resumed ? ' (resumed)' : ''}; verified: ` +
          `row counts, ${report.files} files byte-identical, the same access for ${report.users - 1} users and signed-out visitors`,
      );
    });
}
