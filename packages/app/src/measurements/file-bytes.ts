import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';

/** Largest piece of an original file stored in one row. */
export const FILE_CHUNK_BYTES = 1024 * 1024;

/**
 * Stores a file's original bytes in pieces of at most FILE_CHUNK_BYTES, read from `input` as it
 * comes, so the whole file is never in memory. Each piece is its own statement (a short write
 * on SQLite). Stops with the signal's reason when it is aborted. Returns the number of pieces.
 */
export async function storeFileBytes(
  db: Kysely<Database>,
  fileId: number,
  input: AsyncIterable<Buffer>,
  signal?: AbortSignal,
): Promise<number> {
  let seq = 0;
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  const flush = async (): Promise<void> => {
    if (pendingBytes === 0) return;
    signal?.throwIfAborted();
    seq += 1;
    await db
      .insertInto('data_file_chunk')
      .values({ file_id: fileId, seq, bytes: Buffer.concat(pending, pendingBytes) })
      .execute();
    pending = [];
    pendingBytes = 0;
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
  return seq;
}

/** A stored file's bytes, one piece per query, in order. */
export async function* readFileBytes(db: Kysely<Database>, fileId: number): AsyncGenerator<Buffer> {
  for (let seq = 1; ; seq += 1) {
    const row = await db
      .selectFrom('data_file_chunk')
      .select('bytes')
      .where('file_id', '=', fileId)
      .where('seq', '=', seq)
      .executeTakeFirst();
    if (!row) return;
    yield Buffer.from(row.bytes);
  }
}
