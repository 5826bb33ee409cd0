import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';

/**
 * Writes an archive's lines gzip'd to `path + '.partial'`, waiting for the disk when the
 * compressor's buffer is full (memory stays flat), and renames it to `path` only when complete:
 * a backup cut short never looks like a backup.
 */
export function openArchiveWriter(path: string) {
  const partial = `${path}.partial`;
  const gzip = createGzip({ level: 6 });
  const written = pipeline(gzip, createWriteStream(partial));
  // Reported by `write`/`finish`; this keeps an early failure from being unhandled meanwhile.
  written.catch(() => undefined);
  return {
    /** Appends lines (each gets its newline). */
    async write(lines: readonly string[]): Promise<void> {
      if (lines.length === 0) return;
      if (!gzip.write(`${lines.join('\n')}\n`)) await Promise.race([once(gzip, 'drain'), written]);
    },
    async finish(): Promise<void> {
      gzip.end();
      await written;
      await rename(partial, path);
    },
    async abandon(): Promise<void> {
      gzip.destroy();
      await written.catch(() => undefined);
      await rm(partial, { force: true });
    },
  };
}
