import type { Kysely } from 'kysely';
import { DETECTION_HEAD_BYTES, previewTable, type TablePreview } from '../cycler/index.ts';
import type { Database } from '../db/schema.ts';
import { readFileBytes } from '../measurements/file-bytes.ts';

/**
 * The table a failed import kept (a file in no known layout): its column names and first rows,
 * read from the first bytes of the stored original, as detection read them. Null when the import
 * kept no file or the file holds no table.
 */
export async function previewOfImport(db: Kysely<Database>, importId: number): Promise<TablePreview | null> {
  const file = await db
    .selectFrom('data_import')
    .innerJoin('data_file', 'data_file.id', 'data_import.file_id')
    .select(['data_file.id as fileId', 'data_file.status as status'])
    .where('data_import.id', '=', importId)
    .where('data_import.status', '=', 'failed')
    .executeTakeFirst();
  if (file?.status !== 'stored') return null;
  const pieces: Buffer[] = [];
  let size = 0;
  for await (const piece of readFileBytes(db, file.fileId)) {
    pieces.push(piece);
    size += piece.length;
    if (size >= DETECTION_HEAD_BYTES) break;
  }
  return previewTable(Buffer.concat(pieces).subarray(0, DETECTION_HEAD_BYTES));
}
