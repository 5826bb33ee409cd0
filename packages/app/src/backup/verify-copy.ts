import type { DatabaseConfig } from '../config/database-url.ts';
import { accessFingerprint, firstDifference } from './access-fingerprint.ts';
import { withAppDatabase } from './app-database.ts';
import { BackupRefusal } from './backup-refusal.ts';
import { openRaw } from './raw-database.ts';
import { filesThatDiffer, storedFiles } from './stored-files.ts';
import { countRows, discoverTables } from './table-catalog.ts';

export interface CopyVerification {
  tables: number;
  rows: number;
  files: number;
  /** Users compared (and the signed-out visitor). */
  users: number;
}

async function compareCounts(
  source: DatabaseConfig,
  target: DatabaseConfig,
): Promise<{ tables: number; rows: number }> {
  const from = await openRaw(source, 'source');
  const to = await openRaw(target, 'target').catch(async (error: unknown) => {
    await from.close();
    throw error;
  });
  try {
    let rows = 0;
    const tables = await discoverTables(from);
    for (const table of tables) {
      const [before, after] = [await countRows(from, table.name), await countRows(to, table.name)];
      if (before !== after)
        throw new BackupRefusal(
          'row-count-mismatch',
          `table ${table.name}: ${before} rows in the source, ${after} in the copy (was the site writing? stop it and copy again)`,
        );
      rows += before;
    }
    return { tables: tables.length, rows };
  } finally {
    await Promise.all([from.close(), to.close()]);
  }
}

/**
 * The copy is the source, as users see it: the same rows per table, every stored original file
 * byte-identical in both (read as a download reads it), and every user — and a signed-out
 * visitor — with the same model permissions and the same experiments listed per permission.
 */
export async function verifyCopy(
  source: DatabaseConfig,
  target: DatabaseConfig,
  options: { anonymousRead?: boolean } = {},
): Promise<CopyVerification> {
  const counts = await compareCounts(source, target);
  const from = await openRaw(source, 'source');
  const files = await storedFiles(from).finally(() => from.close());
  const before = await withAppDatabase(
    source,
    async (authz) => {
      const differ = await filesThatDiffer(authz.db, files);
      if (differ.length)
        throw new BackupRefusal(
          'file-checksum-mismatch',
          `files ${differ.join(', ')} in the source differ from their SHA-256`,
        );
      return accessFingerprint(authz);
    },
    options,
  );
  const after = await withAppDatabase(
    target,
    async (authz) => {
      const differ = await filesThatDiffer(authz.db, files);
      if (differ.length)
        throw new BackupRefusal('file-checksum-mismatch', `files ${differ.join(', ')} differ in the copy`);
      return accessFingerprint(authz);
    },
    options,
  );
  const who = firstDifference(before, after);
  if (who)
    throw new BackupRefusal(
      'access-mismatch',
      `${who} does not see the same experiments or permissions in the copy`,
    );
  return { ...counts, files: files.length, users: before.size };
}
