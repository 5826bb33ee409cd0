import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { readPieces } from '../measurements/file-bytes.ts';

/**
 * A released file's original bytes, kept by SHA-256 (freeze-version.ts) as `data_file_chunk`
 * stored them, read piece by piece as the experiment's own files are: byte-exact.
 */
export function readBlobBytes(db: Kysely<Database>, sha256: string): AsyncGenerator<Buffer> {
  return readPieces((seq) =>
    db
      .selectFrom('dataset_blob_chunk')
      .select(['bytes', 'compression'])
      .where('sha256', '=', sha256)
      .where('seq', '=', seq)
      .executeTakeFirst(),
  );
}
