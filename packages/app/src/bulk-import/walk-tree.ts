import { opendir } from 'node:fs/promises';
import path from 'node:path';

/**
 * Every regular file under `root`, as paths relative to it, in a stable (sorted) order so a
 * resumed run meets the files in the same order. Hidden files and folders (`.name`) are left
 * out: cycler PCs and file shares leave `.DS_Store`, `.~lock` files and the like.
 */
export async function walkTree(root: string): Promise<string[]> {
  const found: string[] = [];
  async function visit(dir: string): Promise<void> {
    const entries = [];
    for await (const entry of await opendir(dir)) entries.push(entry);
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) await visit(full);
      else if (entry.isFile()) found.push(path.relative(root, full));
    }
  }
  await visit(root);
  return found;
}
