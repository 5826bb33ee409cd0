import type { Kysely } from 'kysely';
import type { DatabaseConfig } from '../config/database-url.ts';
import { withAppDatabase } from './app-database.ts';
import type { Manifest } from './archive-format.ts';
import { BackupRefusal } from './backup-refusal.ts';
import { buildSchemaAt, checkKnownMigrations, refuseNonEmpty, tablesIn } from './build-schema.ts';
import { loadArchive } from './load-archive.ts';
import { progressReporter } from './progress.ts';
import { openRaw } from './raw-database.ts';
import { filesThatDiffer } from './stored-files.ts';
import { walkArchive } from './verify-archive.ts';

export interface RestoreReport {
  manifest: Manifest;
  /** Migrations newer than the backup, applied after its rows were in. */
  migratedForward: string[];
}

/**
 * `batterydb restore --from FILE` into an empty database of either dialect:
 * 1. the whole file is checked against its manifest (nothing written yet);
 * 2. refused unless the target is empty and the code knows every migration of the backup;
 * 3. the schema as the backup had it, then its rows in one transaction (load-archive.ts);
 * 4. the schema brought forward (later migrations convert the old rows), the authorization
 *    generation bumped (no process keeps permissions it remembered), and every original file
 *    read back as a download reads it, byte-identical to its recorded SHA-256.
 */
export async function restoreBackup(
  config: DatabaseConfig,
  from: string,
  log: (line: string) => void = () => undefined,
): Promise<RestoreReport> {
  const manifest = await walkArchive(from);
  checkKnownMigrations(manifest.migrations);
  const db = await openRaw(config, 'target');
  try {
    const existing = await tablesIn(db);
    if (existing.length) refuseNonEmpty(existing);
    await withAppDatabase(config, (authz) => buildSchemaAt(authz.db as Kysely<unknown>, manifest.migrations));
    const progress = progressReporter('restore', log);
    await loadArchive(db, from, manifest, progress);
    log(progress.done());
  } finally {
    await db.close();
  }
  return withAppDatabase(config, async (authz) => {
    const { applied } = await authz.migrateAll();
    await authz.bumpGeneration();
    const differ = await filesThatDiffer(authz.db, manifest.files);
    if (differ.length)
      throw new BackupRefusal(
        'file-checksum-mismatch',
        `files ${differ.join(', ')} do not read back as backed up`,
      );
    return { manifest, migratedForward: applied };
  });
}
