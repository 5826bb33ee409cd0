import { promisify } from 'node:util';
import { createGzip, gunzip as gunzipCallback } from 'node:zlib';
import { decodePiece, encodePiece, ORIGINAL_CODEC } from './original-codec.ts';

const gunzip = promisify(gunzipCallback);

/**
 * gzip level 4: on cycler CSV within 3 % of level 6's ratio (2.9×) at 2.7× its speed. The async
 * zlib calls run on libuv's thread pool.
 */
const GZIP_LEVEL = 4;
/** gzip is fed this much at a time, so it can be stopped once it has lost. */
const GZIP_SLICE = 64 * 1024;

/** A way to store a piece and read it back; `originalCodec` unless a test injects another. */
export interface PieceCodec {
  name: string;
  encode: (piece: Buffer) => Promise<Buffer>;
  decode: (stored: Buffer) => Promise<Buffer>;
}

export const originalCodec: PieceCodec = { name: ORIGINAL_CODEC, encode: encodePiece, decode: decodePiece };

/** A piece as stored: its bytes and how (`data_file_chunk.compression`). */
export interface StoredPiece {
  bytes: Buffer;
  compression: string | null;
}

/**
 * The smaller of the columnar form and gzip. The form is kept only if it decodes back to the
 * very same bytes (checked here, at store time: a codec fault costs ratio, never data) and is
 * smaller than gzip; gzip is stopped as soon as its output passes the form's size, so on cycler
 * text (form ≈ ⅕ of gzip) it costs about a fifth of a full gzip. Binary originals gain little
 * from the columns but brotli still beats gzip on most (.mpr 1.1×, .xls 1.4× measured); on
 * incompressible bytes gzip wins and the piece is stored gzip.
 */
export async function compressPiece(piece: Buffer, codec: PieceCodec = originalCodec): Promise<StoredPiece> {
  let encoded: Buffer | null = null;
  try {
    const candidate = await codec.encode(piece);
    if ((await codec.decode(candidate)).equals(piece)) encoded = candidate;
  } catch {
    // A fault of the codec on these bytes: they are stored gzip, like any piece it does not fit.
  }
  if (encoded === null) return { bytes: (await gzipWithin(piece, Infinity))!, compression: 'gzip' };
  const gzipped = await gzipWithin(piece, encoded.length);
  return gzipped === null
    ? { bytes: encoded, compression: codec.name }
    : { bytes: gzipped, compression: 'gzip' };
}

/** The piece gzipped, or null as soon as its output grows past `limit` bytes. */
function gzipWithin(piece: Buffer, limit: number): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const gzip = createGzip({ level: GZIP_LEVEL });
    const out: Buffer[] = [];
    let size = 0;
    let settled = false;
    gzip.on('data', (b: Buffer) => {
      size += b.length;
      out.push(b);
      if (size > limit && !settled) {
        settled = true;
        gzip.destroy();
        resolve(null);
      }
    });
    gzip.on('end', () => {
      if (!settled) resolve(Buffer.concat(out, size));
      settled = true;
    });
    gzip.on('error', (error) => {
      if (!settled) reject(error);
      settled = true;
    });
    for (let at = 0; at < piece.length; at += GZIP_SLICE) gzip.write(piece.subarray(at, at + GZIP_SLICE));
    gzip.end();
  });
}

/** A stored piece's original bytes, whichever way it was stored. */
export async function decompressPiece(piece: StoredPiece): Promise<Buffer> {
  switch (piece.compression) {
    case null:
      return Buffer.from(piece.bytes);
    case 'gzip':
      return gunzip(piece.bytes);
    case ORIGINAL_CODEC:
      return decodePiece(piece.bytes);
    default:
      throw new Error(`stored piece: unknown compression ${piece.compression}`);
  }
}
