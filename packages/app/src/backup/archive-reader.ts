import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';
import type { ArchiveLine, BackupHeader, Manifest } from './archive-format.ts';
import { BACKUP_FORMAT } from './archive-format.ts';
import { BackupRefusal } from './backup-refusal.ts';

function parseMarker(text: string, lineNumber: number): ArchiveLine {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new BackupRefusal('not-a-backup', `line ${lineNumber} is not JSON`);
  }
  const object = value as Record<string, unknown>;
  if (object.header && typeof object.header === 'object')
    return { kind: 'header', header: object.header as BackupHeader };
  if (typeof object.table === 'string' && Array.isArray(object.columns))
    return { kind: 'table', name: object.table, columns: object.columns as string[] };
  if (object.manifest && typeof object.manifest === 'object')
    return { kind: 'manifest', manifest: object.manifest as Manifest };
  throw new BackupRefusal('not-a-backup', `line ${lineNumber} is not part of a BatteryDB backup`);
}

/**
 * An archive's lines, one at a time (memory flat in the file's size). Row lines are passed on as
 * text — checksummed as written — and parsed only by whoever loads them. A file that is not
 * gzip, or whose first line is not a BatteryDB header, is `not-a-backup`; one that ends early,
 * `truncated`.
 */
export async function* readArchive(path: string): AsyncGenerator<ArchiveLine> {
  const input = createReadStream(path).pipe(createGunzip());
  const lines = createInterface({ input, crlfDelay: Infinity });
  let lineNumber = 0;
  try {
    for await (const text of lines) {
      lineNumber += 1;
      if (lineNumber === 1) {
        const first = text.startsWith('{') ? parseMarker(text, 1) : null;
        if (first?.kind !== 'header' || first.header.format !== BACKUP_FORMAT)
          throw new BackupRefusal('not-a-backup', 'the file does not start with a BatteryDB backup header');
        yield first;
      } else if (text.startsWith('[')) yield { kind: 'row', text };
      else yield parseMarker(text, lineNumber);
    }
  } catch (error) {
    throw unzipFailure(error);
  } finally {
    lines.close();
    input.destroy();
  }
}

/** zlib's errors in words: a cut file, or one that is not gzip at all. */
function unzipFailure(error: unknown): unknown {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'Z_BUF_ERROR')
    return new BackupRefusal('truncated', 'the backup file ends early (cut short?)');
  if (code?.startsWith('Z_'))
    return new BackupRefusal('not-a-backup', `not a gzip'd BatteryDB backup (${(error as Error).message})`);
  return error;
}
