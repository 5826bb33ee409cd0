import { createHash, type Hash } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import { BACKUP_VERSION, type BackupHeader, type Manifest, type TableEntry } from './archive-format.ts';
import { readArchive } from './archive-reader.ts';
import { BackupRefusal } from './backup-refusal.ts';

/** Counts and checksums one table's row lines as they go by. */
export class TableTally {
  rows = 0;
  private readonly hash: Hash = createHash('sha256');
  constructor(
    readonly name: string,
    readonly columns: string[],
  ) {}
  add(line: string): void {
    this.rows += 1;
    this.hash.update(line).update('\n');
  }
  entry(): TableEntry {
    return { name: this.name, columns: this.columns, rows: this.rows, sha256: this.hash.digest('hex') };
  }
}

/** The archive's tables as read must be the manifest's, with the same rows and checksums. */
export function checkAgainstManifest(
  manifest: Manifest,
  header: BackupHeader,
  read: readonly TableEntry[],
): void {
  if (!isDeepStrictEqual(manifest.migrations, header.migrations) || manifest.version !== header.version)
    throw new BackupRefusal('manifest-mismatch', 'the manifest and the header disagree on the schema');
  const listed = manifest.tables.map((t) => t.name);
  const found = read.map((t) => t.name);
  if (!isDeepStrictEqual(listed, found))
    throw new BackupRefusal(
      'manifest-mismatch',
      `the manifest lists tables ${listed.join(', ')} but the file holds ${found.join(', ')}`,
    );
  manifest.tables.forEach((expected, i) => {
    const actual = read[i]!;
    if (!isDeepStrictEqual(expected.columns, actual.columns))
      throw new BackupRefusal(
        'manifest-mismatch',
        `table ${actual.name}: the columns differ from the manifest's`,
      );
    if (expected.rows !== actual.rows)
      throw new BackupRefusal(
        'row-count-mismatch',
        `table ${actual.name}: the manifest says ${expected.rows} rows, the file holds ${actual.rows}`,
      );
    if (expected.sha256 !== actual.sha256)
      throw new BackupRefusal(
        'checksum-mismatch',
        `table ${actual.name}: its rows do not match the manifest's SHA-256`,
      );
  });
}

/**
 * Reads a whole archive without touching any database and returns its manifest once every
 * table's rows, count and checksum match it: a restore refuses a damaged or edited file before
 * it writes anything. `onRow` sees every row line (the load pass uses the same walk).
 */
export async function walkArchive(
  path: string,
  visit: {
    table?(name: string, columns: string[]): Promise<void>;
    row?(table: TableTally, text: string): Promise<void>;
  } = {},
): Promise<Manifest> {
  let header: BackupHeader | null = null;
  let current: TableTally | null = null;
  const read: TableEntry[] = [];
  let manifest: Manifest | null = null;
  for await (const line of readArchive(path)) {
    if (manifest) throw new BackupRefusal('not-a-backup', 'the file goes on after its manifest');
    if (line.kind === 'header') {
      if (line.header.version > BACKUP_VERSION)
        throw new BackupRefusal(
          'unsupported-format',
          `backup format ${line.header.version} is newer than this BatteryDB reads (${BACKUP_VERSION})`,
        );
      header = line.header;
    } else if (line.kind === 'table') {
      if (current) read.push(current.entry());
      current = new TableTally(line.name, line.columns);
      await visit.table?.(line.name, line.columns);
    } else if (line.kind === 'row') {
      if (!current) throw new BackupRefusal('not-a-backup', 'a row before any table');
      current.add(line.text);
      await visit.row?.(current, line.text);
    } else {
      if (current) read.push(current.entry());
      current = null;
      manifest = line.manifest;
    }
  }
  if (!header || !manifest)
    throw new BackupRefusal('truncated', 'the backup has no manifest at its end (cut short?)');
  checkAgainstManifest(manifest, header, read);
  return manifest;
}
