import { opendir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Folder, Rule } from './config.ts';

/** A file a rule claims, as the poll saw it. */
export interface Seen {
  /** The absolute path: the key of its state. */
  readonly file: string;
  readonly size: number;
  readonly mtimeMs: number;
  readonly rule: Rule;
}

/**
 * One poll: every file under the watched folders that a rule claims, with its size and
 * modification time (polling, not file-system events: events are unreliable on network shares,
 * where cyclers often write). Hidden files and a folder that is missing for now (a share that
 * is down) are skipped; the next poll tries again.
 */
export async function scanFolders(folders: readonly Folder[], log: (line: string) => void): Promise<Seen[]> {
  const seen: Seen[] = [];
  for (const folder of folders) {
    const visit = async (dir: string): Promise<void> => {
      let entries;
      try {
        entries = await opendir(dir);
      } catch (error) {
        log(`cannot read ${dir}: ${(error as Error).message}`);
        return;
      }
      for await (const entry of entries) {
        if (entry.name.startsWith('.')) continue;
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) {
          await visit(full);
          continue;
        }
        if (!entry.isFile()) continue;
        const relative = path.relative(folder.path, full).split(path.sep).join('/');
        const rule = folder.rules.find((r) => r.pattern.test(relative));
        if (!rule) continue;
        const info = await stat(full).catch(() => null);
        if (info) seen.push({ file: full, size: info.size, mtimeMs: info.mtimeMs, rule });
      }
    };
    await visit(folder.path);
  }
  return seen.sort((a, b) => (a.file < b.file ? -1 : 1));
}
