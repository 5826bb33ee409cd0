/**
 * Issue 25: migration 2026-12-07-25-03 re-encodes the gzip pieces of stored originals in the
 * columnar form where it pays, and loses nothing: every file reads back byte for byte with its
 * SHA-256, a binary file stays gzip, and running it again (a start after one cut short) changes
 * nothing. Pieces are filled the old way: gzip level 4, 1 MiB each.
 */
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { describe, test } from 'node:test';
import { gzipSync } from 'node:zlib';
import type { Kysely } from 'kysely';
import { createTestDatabase, DIALECTS } from '../../../../test-support/databases.ts';
import { countingHasher } from '../../../authz/test/support/kit.ts';
import { createAppAuthz } from '../../src/authz/create-app-authz.ts';
import { roles } from '../../src/authz/roles.ts';
import { parseDatabaseUrl } from '../../src/config/database-url.ts';
import { syntheticCyclerCsvChunks } from '../../src/cycler/index.ts';
import { connect } from '../../src/db/connect.ts';
import { migrateApp } from '../../src/db/migrate-app.ts';
import type { Database } from '../../src/db/schema.ts';
import { recodeOriginals } from '../../src/db/migrations/2026-12-07-25-03-original-codec.ts';
import { appMigrations } from '../../src/db/migrations/index.ts';
import { createExperiments } from '../../src/experiments/create-experiments.ts';
import { FILE_CHUNK_BYTES, readFileBytes } from '../../src/measurements/file-bytes.ts';
import { ORIGINAL_CODEC } from '../../src/measurements/original-codec/original-codec.ts';
import { insertFileRow } from '../support/file-row.ts';

const THIS = '2026-12-07-25-03-original-codec';
const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

/** A cycler CSV of two and a half pieces, one of under a piece with CRLF lines, a binary file. */
function originals(): Record<string, Buffer> {
  const run = { cycles: 20, pointsPerHalfCycle: 1000, capacityAh: 2.5, fadePerCycle: 1e-4, seed: 3 };
  const csv = Buffer.concat([...syntheticCyclerCsvChunks(run)].map((c) => Buffer.from(c)));
  const small = Buffer.from(csv.subarray(0, 200_000).toString('latin1').replaceAll('\n', '\r\n'), 'latin1');
  return { 'long.csv': csv, 'small.csv': small, 'cell.res': randomBytes(300_000) };
}

for (const dialect of DIALECTS)
  describe(`re-encoding stored originals (${dialect})`, () => {
    test('every file byte for byte with its SHA-256; text columnar, binary gzip; again changes nothing', async () => {
      const database = await createTestDatabase(dialect);
      const connection = await connect(parseDatabaseUrl(database.url));
      try {
        const db = connection.db;
        const authz = createAppAuthz(db, { hasher: countingHasher() });
        await authz.migrate({ roles });
        const before = Object.fromEntries(Object.entries(appMigrations).filter(([name]) => name !== THIS));
        await migrateApp(db as unknown as Kysely<unknown>, { migrations: before });
        const owner = await authz.createUser({ username: 'owner', isSuperuser: true });
        const [experiment] = await createExperiments(authz, owner.id, [{ title: 'cells before the codec' }]);
        const files: { id: number; name: string; original: Buffer }[] = [];
        for (const [name, original] of Object.entries(originals())) {
          const pieces = Math.ceil(original.length / FILE_CHUNK_BYTES);
          const id = await insertFileRow(db, {
            experimentId: Number(experiment!.id),
            ownerId: owner.id,
            name,
            original,
            pieces,
            points: 0,
          });
          for (let seq = 1; seq <= pieces; seq += 1) {
            const piece = original.subarray((seq - 1) * FILE_CHUNK_BYTES, seq * FILE_CHUNK_BYTES);
            await db
              .insertInto('data_file_chunk')
              .values({ file_id: id, seq, bytes: gzipSync(piece, { level: 4 }), compression: 'gzip' })
              .execute();
          }
          files.push({ id, name, original });
        }
        const gzipBytes = await storedBytes(db);

        assert.deepEqual(await migrateApp(db as unknown as Kysely<unknown>), [THIS]);
        const read = async (id: number) => {
          const chunks: Buffer[] = [];
          for await (const chunk of readFileBytes(db, id)) chunks.push(chunk);
          return Buffer.concat(chunks);
        };
        for (const file of files) {
          const back = await read(file.id);
          assert.equal(sha256(back), sha256(file.original), file.name);
          assert.ok(back.equals(file.original), file.name);
        }
        const compressions = await db
          .selectFrom('data_file_chunk')
          .select(['file_id', 'seq', 'compression'])
          .orderBy('file_id')
          .orderBy('seq')
          .execute();
        assert.deepEqual(
          compressions.map((c) => `${files.find((f) => f.id === c.file_id)!.name}#${c.seq}:${c.compression}`),
          [
            `long.csv#1:${ORIGINAL_CODEC}`,
            `long.csv#2:${ORIGINAL_CODEC}`,
            `long.csv#3:${ORIGINAL_CODEC}`,
            `small.csv#1:${ORIGINAL_CODEC}`,
            'cell.res#1:gzip',
          ],
        );
        const codecBytes = await storedBytes(db);
        assert.ok(codecBytes * 2 < gzipBytes, `${codecBytes} bytes stored against gzip's ${gzipBytes}`);

        // Again, as a start after a migration cut short would run it: nothing left to re-encode.
        assert.equal(await recodeOriginals(db), 0);
        assert.equal(await storedBytes(db), codecBytes);
        for (const file of files) assert.ok((await read(file.id)).equals(file.original));
      } finally {
        await connection.close();
        await database.drop();
      }
    });
  });

async function storedBytes(db: Kysely<Database>): Promise<number> {
  const rows = await db.selectFrom('data_file_chunk').select('bytes').execute();
  return rows.reduce((n, r) => n + r.bytes.length, 0);
}
