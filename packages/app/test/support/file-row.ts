import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../../src/db/schema.ts';

/**
 * A complete `data_file` row for `original`, as an upload before a migration left it (the
 * migration tests then fill its pieces and samples the old way). Returns its id.
 */
export async function insertFileRow(
  db: Kysely<Database>,
  file: {
    experimentId: number;
    ownerId: number;
    name: string;
    original: Buffer;
    pieces: number;
    points: number;
  },
): Promise<number> {
  const { id } = await db
    .insertInto('data_file')
    .values({
      experiment_id: file.experimentId,
      file_name: file.name,
      format: 'arbin-csv',
      size_bytes: file.original.length,
      sha256: createHash('sha256').update(file.original).digest('hex'),
      chunk_count: file.pieces,
      point_count: file.points,
      cycle_count: 1,
      skipped_rows: 0,
      metadata: '{}',
      uploaded_by: file.ownerId,
      created_at: Date.now(),
      status: 'complete',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}
