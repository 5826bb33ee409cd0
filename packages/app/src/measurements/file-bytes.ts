import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import {
  compressPiece,
  decompressPiece,
  originalCodec,
  type PieceCodec,
  type StoredPiece,
} from './original-codec/compress-piece.ts';

/** Largest piece of an original file stored in one row. */
export const FILE_CHUNK_BYTES = 1024 * 1024;

/**
 * Stores a file's original bytes in pieces of at most FILE_CHUNK_BYTES, read from `input` as it
 * comes, so the whole file is never in memory; each piece compressed on its own (so it reads back
 * piece by piece, byte-exact): the columnar codec when it round-trips and beats gzip, else gzip
 * (compress-piece.ts; `codec` is there for tests). Each piece is its own statement (a short
 * write on SQLite). Stops with the signal's reason when it is aborted. Returns the number of pieces.
 */
export async function storeFileBytes(
  db: Kysely<Database>,
  fileId: number,
  input: AsyncIterable<Buffer>,
  signal?: AbortSignal,
  codec: PieceCodec = originalCodec,
): Promise<number> {
  let seq = 0;
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  // One piece compressing while the previous one is written: at most two pieces in memory.
  let previous: Promise<void> = Promise.resolve();
  const flush = async (): Promise<void> => {
    if (pendingBytes === 0) return;
    signal?.throwIfAborted();
    seq += 1;
    const pieceSeq = seq;
    const compressed = compressPiece(Buffer.concat(pending, pendingBytes), codec);
    pending = [];
    pendingBytes = 0;
    const written = previous.then(async () => {
      const { bytes, compression } = await compressed;
      await db
        .insertInto('data_file_chunk')
        .values({ file_id: fileId, seq: pieceSeq, bytes, compression })
        .execute();
    });
    // Handled here too, so a failed write is never unhandled while the next piece is read.
    written.catch(() => undefined);
    await previous;
    previous = written;
  };
  for await (const chunk of input) {
    let rest = chunk;
    while (rest.length > 0) {
      const take = Math.min(rest.length, FILE_CHUNK_BYTES - pendingBytes);
      pending.push(rest.subarray(0, take));
      pendingBytes += take;
      rest = rest.subarray(take);
      if (pendingBytes === FILE_CHUNK_BYTES) await flush();
    }
  }
  await flush();
  await previous;
  return seq;
}

/** Pieces 1, 2, … from `piece(seq)` until there is none, each decompressed: the original, byte-exact. */
export async function* readPieces(
  piece: (seq: number) => Promise<StoredPiece | undefined>,
): AsyncGenerator<Buffer> {
  for (let seq = 1; ; seq += 1) {
    const row = await piece(seq);
    if (!row) return;
    yield await decompressPiece(row);
  }
}

/** A stored file's original bytes, one piece per query, in order (decompressed). */
export function readFileBytes(db: Kysely<Database>, fileId: number): AsyncGenerator<Buffer> {
  return readPieces((seq) =>
    db
      .selectFrom('data_file_chunk')
      .select(['bytes', 'compression'])
      .where('file_id', '=', fileId)
      .where('seq', '=', seq)
      .executeTakeFirst(),
  );
}
