import { readFileSync, writeFileSync } from 'node:fs';
import { gunzipSync, gzipSync } from 'node:zlib';

/** Writes a copy of a (small) backup with its lines edited: how the tests tamper with one. */
export function editArchive(from: string, to: string, edit: (lines: string[]) => string[]): void {
  const lines = gunzipSync(readFileSync(from)).toString('utf8').split('\n').slice(0, -1);
  writeFileSync(to, gzipSync(`${edit(lines).join('\n')}\n`));
}

/** Edits the JSON of the header (first line) and the manifest (last line) alike. */
export function editHeaderAndManifest(
  lines: string[],
  edit: (header: Record<string, unknown>) => void,
): string[] {
  const first = JSON.parse(lines[0]!) as { header: Record<string, unknown> };
  const last = JSON.parse(lines[lines.length - 1]!) as { manifest: Record<string, unknown> };
  edit(first.header);
  edit(last.manifest);
  return [JSON.stringify(first), ...lines.slice(1, -1), JSON.stringify(last)];
}
