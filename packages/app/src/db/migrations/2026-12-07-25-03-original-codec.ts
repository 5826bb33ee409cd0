import type { Kysely, Migration } from 'kysely';
import { promisify } from 'node:util';
import { gunzip as gunzipCallback } from 'node:zlib';
import {
  compressPiece,
  originalCodec,
  type PieceCodec,
} from '../../measurements/original-codec/compress-piece.ts';
import type { Database } from '../schema.ts';

const gunzip = promisify(gunzipCallback);

/**
 * Issue 25: stored original pieces that 2026-12-07-25-01 gzipped take the columnar form
 * (measurements/original-codec) where it pays — about a fifth of gzip's bytes on cycler text.
 * Piece by piece: each is read, unzipped, encoded, decoded again and compared byte for byte
 * (compress-piece.ts), and only then replaced, by one UPDATE that still requires it to be gzip
 * (on SQLite its own short write; the slow part, compressing, holds no lock). A piece the form
 * does not fit (binary files) stays as it is. Cut short, the next start carries on with the
 * pieces still gzip; on PostgreSQL the migrator runs all of it in one transaction.
 * Released versions' copies (`dataset_blob_chunk`) are left as they are: they read either way.
 */
export const originalCodecMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await recodeOriginals(db);
  },
};

/** Every gzip piece of `data_file_chunk` re-encoded where the codec pays; the count re-encoded. */
export async function recodeOriginals(
  db: Kysely<Database>,
  codec: PieceCodec = originalCodec,
): Promise<number> {
  // A test may build a database without 25-01 (no compression column yet): nothing is gzip there.
  const table = (await db.introspection.getTables()).find((t) => t.name === 'data_file_chunk');
  if (!table?.columns.some((c) => c.name === 'compression')) return 0;
  const pieces = await db
    .selectFrom('data_file_chunk')
    .select(['file_id', 'seq'])
    .where('compression', '=', 'gzip')
    .orderBy('file_id')
    .orderBy('seq')
    .execute();
  let recoded = 0;
  for (const { file_id, seq } of pieces) {
    const row = await db
      .selectFrom('data_file_chunk')
      .select('bytes')
      .where('file_id', '=', file_id)
      .where('seq', '=', seq)
      .where('compression', '=', 'gzip')
      .executeTakeFirst();
    if (!row) continue;
    const stored = await compressPiece(await gunzip(row.bytes), codec);
    if (stored.compression === 'gzip') continue;
    const { numUpdatedRows } = await db
      .updateTable('data_file_chunk')
      .set({ bytes: stored.bytes, compression: stored.compression })
      .where('file_id', '=', file_id)
      .where('seq', '=', seq)
      .where('compression', '=', 'gzip')
      .executeTakeFirst();
    recoded += Number(numUpdatedRows);
  }
  return recoded;
}
