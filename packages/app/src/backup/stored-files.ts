import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { readFileBytes } from '../measurements/file-bytes.ts';
import type { StoredFile } from './archive-format.ts';
import type { RawDatabase } from './raw-database.ts';

/**
 * The original files whose bytes are all stored (`stored` or `complete`; a file still being
 * stored has only some), with the SHA-256 the upload computed. The one place backup knows an
 * application table: files are what a lab must get back byte for byte.
 */
export async function storedFiles(db: RawDatabase): Promise<StoredFile[]> {
  const rows = await db.rows(
    `select id, sha256, size_bytes from data_file where status in ('stored', 'complete') order by id`,
  );
  return rows.map(([id, sha256, size]) => ({
    id: Number(id),
    sha256: String(sha256),
    sizeBytes: Number(size),
  }));
}

/** A stored file's bytes read back the way a download reads them: their SHA-256 and size. */
export async function fileDigest(
  db: Kysely<Database>,
  fileId: number,
): Promise<{ sha256: string; sizeBytes: number }> {
  const hash = createHash('sha256');
  let sizeBytes = 0;
  for await (const piece of readFileBytes(db, fileId)) {
    hash.update(piece);
    sizeBytes += piece.length;
  }
  return { sha256: hash.digest('hex'), sizeBytes };
}

/** The files whose bytes, read back, are not what was recorded (empty: all byte-identical). */
export async function filesThatDiffer(db: Kysely<Database>, files: readonly StoredFile[]): Promise<number[]> {
  const differ: number[] = [];
  for (const file of files) {
    const read = await fileDigest(db, file.id);
    if (read.sha256 !== file.sha256 || read.sizeBytes !== file.sizeBytes) differ.push(file.id);
  }
  return differ;
}
