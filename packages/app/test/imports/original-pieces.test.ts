/**
 * Originals stored with the columnar codec (issue 25): every real cycler file of
 * shared/data/cyclers goes through the HTTP upload and comes back byte for byte with its SHA-256,
 * on every dialect; each stored piece records how it was stored, the cycler text files in the
 * columnar form, and no piece is larger than gzip would have made it. A codec whose round trip
 * differs (or that fails) costs ratio, never data: the piece is stored gzip.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { DIALECTS } from '../../../../test-support/databases.ts';
import { syntheticCyclerCsvChunks } from '../../src/cycler/index.ts';
import { FILE_CHUNK_BYTES, storeFileBytes } from '../../src/measurements/file-bytes.ts';
import { originalCodec, type PieceCodec } from '../../src/measurements/original-codec/compress-piece.ts';
import { ORIGINAL_CODEC } from '../../src/measurements/original-codec/original-codec.ts';
import { CYCLER_DATA, HAVE_CYCLER_DATA, withoutCyclerData } from './support/cycler-files.ts';
import { dataServer, type DataServer, upload } from './support/data-server.ts';

/** The real files, and whether their pieces must take the columnar form (text with columns of decimals). */
const FILES: Record<string, boolean> = {
  'arbin/arbin_example.csv': true,
  'maccor/xTESLADIAG_000038con.078': true,
  'neware/neware_uio.csv': true,
  'bdf/SINTEF__LiGrR2032__2024-04-30__25degC__Landt.bdf.csv': true,
  'batterydata/p492-13-raw.csv': true,
  'batterydata/p492-13-summary.csv': true,
  'biologic/Sample_data_biologic_CA1.txt': false,
  'biologic/250116_kigr_gen6_01_02_GCPL_CD8.mpr': false,
  'neware/custom_data_003.xls': false,
};

const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

async function stored(
  server: DataServer,
  fileId: number,
): Promise<{ bytes: Buffer; compression: string | null }[]> {
  return server.connection.db
    .selectFrom('data_file_chunk')
    .select(['bytes', 'compression'])
    .where('file_id', '=', fileId)
    .orderBy('seq')
    .execute();
}

async function uploaded(
  server: DataServer,
  name: string,
  bytes: Buffer,
): Promise<{ experimentId: number; fileId: number }> {
  const experimentId = await server.experiment({ title: name });
  const response = await upload(server, 'owner', experimentId, name, bytes);
  assert.equal(response.statusCode, 201, response.body);
  const { file } = response.json<{ file: { id: number; sha256: string } }>();
  assert.equal(file.sha256, sha256(bytes));
  return { experimentId, fileId: file.id };
}

async function download(server: DataServer, experimentId: number, fileId: number): Promise<Buffer> {
  const response = await server.as('owner', {
    method: 'GET',
    url: `/api/experiments/${experimentId}/files/${fileId}`,
  });
  assert.equal(response.statusCode, 200);
  return response.rawPayload;
}

for (const dialect of DIALECTS)
  describe(`original files stored with the columnar codec (${dialect})`, () => {
    let server: DataServer;
    before(async () => (server = await dataServer(dialect)));
    after(() => server.close());

    if (!HAVE_CYCLER_DATA) withoutCyclerData('real cycler files stored and read back');
    else
      for (const [file, columnar] of Object.entries(FILES))
        test(`${file}: byte for byte, ${columnar ? 'columnar' : 'gzip'}, never larger than gzip`, async () => {
          const bytes = readFileSync(path.join(CYCLER_DATA, file));
          const { experimentId, fileId } = await uploaded(server, path.basename(file), bytes);
          const back = await download(server, experimentId, fileId);
          assert.equal(sha256(back), sha256(bytes));
          assert.ok(back.equals(bytes));
          const pieces = await stored(server, fileId);
          assert.equal(pieces.length, Math.ceil(bytes.length / FILE_CHUNK_BYTES));
          pieces.forEach((piece, i) => {
            const original = bytes.subarray(i * FILE_CHUNK_BYTES, (i + 1) * FILE_CHUNK_BYTES);
            if (columnar) assert.equal(piece.compression, ORIGINAL_CODEC, `piece ${i + 1}`);
            else assert.ok(piece.compression === 'gzip' || piece.compression === ORIGINAL_CODEC);
            const gzipped = gzipSync(original, { level: 4 }).length;
            assert.ok(
              piece.bytes.length <= gzipped,
              `piece ${i + 1}: ${piece.bytes.length} > gzip's ${gzipped}`,
            );
          });
        });

    /** Stores `bytes` again as `fileId`'s pieces through `codec`; the pieces' compressions. */
    async function restore(fileId: number, bytes: Buffer, codec: PieceCodec): Promise<(string | null)[]> {
      await server.connection.db.deleteFrom('data_file_chunk').where('file_id', '=', fileId).execute();
      const halves = [bytes.subarray(0, bytes.length >> 1), bytes.subarray(bytes.length >> 1)];
      await storeFileBytes(server.connection.db, fileId, Readable.from(halves), undefined, codec);
      return (await stored(server, fileId)).map((p) => p.compression);
    }

    test('a piece whose round trip differs, or whose codec fails, is stored gzip and reads back', async () => {
      // Over one piece, so the second piece shows the choice is made piece by piece.
      const run = { cycles: 8, pointsPerHalfCycle: 1000, capacityAh: 2.5, fadePerCycle: 1e-4, seed: 7 };
      const bytes = Buffer.concat([...syntheticCyclerCsvChunks(run)].map((c) => Buffer.from(c)));
      assert.ok(bytes.length > FILE_CHUNK_BYTES);
      const { experimentId, fileId } = await uploaded(server, 'two-pieces.csv', bytes);
      assert.deepEqual(
        (await stored(server, fileId)).map((p) => p.compression),
        [ORIGINAL_CODEC, ORIGINAL_CODEC],
      );

      const lossy: PieceCodec = {
        ...originalCodec,
        // Drops the last byte of every piece but the last: a codec bug the store must catch.
        decode: async (form) => {
          const piece = await originalCodec.decode(form);
          return piece.length === FILE_CHUNK_BYTES ? piece.subarray(0, -1) : piece;
        },
      };
      assert.deepEqual(await restore(fileId, bytes, lossy), ['gzip', ORIGINAL_CODEC]);
      assert.ok((await download(server, experimentId, fileId)).equals(bytes));

      const failing: PieceCodec = {
        ...originalCodec,
        encode: () => Promise.reject(new Error('a codec fault')),
      };
      assert.deepEqual(await restore(fileId, bytes, failing), ['gzip', 'gzip']);
      assert.ok((await download(server, experimentId, fileId)).equals(bytes));
    });
  });
