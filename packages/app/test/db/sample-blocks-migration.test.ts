/**
 * Issue 25: migration 2026-12-07-25-01 converts samples stored one row each (`measurement`) into
 * compressed blocks, and gzips the stored originals. Nothing is lost: every value of every
 * sample reads back as the very same double it was before, NULLs stay NULL, each original
 * downloads byte for byte; running the conversion again changes nothing.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { type Kysely, sql } from 'kysely';
import { createTestDatabase, DIALECTS } from '../../../../test-support/databases.ts';
import { countingHasher } from '../../../authz/test/support/kit.ts';
import { createAppAuthz } from '../../src/authz/create-app-authz.ts';
import { roles } from '../../src/authz/roles.ts';
import { parseDatabaseUrl } from '../../src/config/database-url.ts';
import { connect } from '../../src/db/connect.ts';
import { migrateApp } from '../../src/db/migrate-app.ts';
import { sampleBlocksMigration } from '../../src/db/migrations/2026-12-07-25-01-sample-blocks.ts';
import { appMigrations } from '../../src/db/migrations/index.ts';
import { createExperiments } from '../../src/experiments/create-experiments.ts';
import { readFileBytes } from '../../src/measurements/file-bytes.ts';
import { MEASUREMENT_FIELDS } from '../../src/measurements/measurement-fields.ts';
import { readPoints } from '../../src/measurements/read-points.ts';
import { random } from '../../bench/stats.ts';
import { insertFileRow } from '../support/file-row.ts';

const THIS = '2026-12-07-25-01-sample-blocks';
const COLUMNS = Object.values(MEASUREMENT_FIELDS).filter((c) => c !== 'file_id');
type Row = Record<string, number | null>;

/** Samples as cyclers write them (fixed decimals) and as they do not (full doubles), NULLs too. */
function samples(fileSamples: number, seed: number): Row[] {
  const next = random(seed);
  return Array.from({ length: fileSamples }, (_, i) => ({
    seq: i + 1,
    time_s: Number((i * 7.207).toFixed(3)),
    cycle: 1 + Math.floor(i / 1500),
    step: next() < 0.1 ? null : 1 + (i % 3),
    current_a: next() < 0.5 ? 1.25 : -next(),
    voltage_v: Number((3 + next()).toFixed(5)),
    charge_capacity_ah: next() < 0.2 ? null : next() * 3,
    discharge_capacity_ah: Number((i * 0.0025).toFixed(9)),
    charge_energy_wh: next() < 0.5 ? null : (next() - 0.5) * 1e-300,
    discharge_energy_wh: 1e20 * next(),
    temperature_c: next() < 0.3 ? null : Number((25 + next()).toFixed(3)),
  }));
}

for (const dialect of DIALECTS)
  describe(`converting samples to blocks (${dialect})`, () => {
    test('every sample reads back bit for bit, every original byte for byte', async () => {
      const database = await createTestDatabase(dialect);
      const connection = await connect(parseDatabaseUrl(database.url));
      try {
        const raw = connection.db as unknown as Kysely<Record<string, Row>>;
        const authz = createAppAuthz(connection.db, { hasher: countingHasher() });
        await authz.migrate({ roles });
        const before = Object.fromEntries(Object.entries(appMigrations).filter(([name]) => name !== THIS));
        await migrateApp(raw as unknown as Kysely<unknown>, { migrations: before });
        const owner = await authz.createUser({ username: 'owner', isSuperuser: true });
        const [experiment] = await createExperiments(authz, owner.id, [{ title: 'cells before issue 25' }]);
        const experimentId = Number(experiment!.id);
        // Two files across block edges (4,096) and a third with one sample.
        const sizes = [10_000, 4_096, 1];
        const files: { id: number; original: Buffer }[] = [];
        for (const [f, size] of sizes.entries()) {
          const original = Buffer.from(`Data_Point,Voltage\r\n${'1,3.5\r\n'.repeat(1000 * (f + 1))}`);
          const id = await insertFileRow(connection.db, {
            experimentId,
            ownerId: owner.id,
            name: `cell-${f}.csv`,
            original,
            pieces: 1,
            points: size,
          });
          await raw
            .insertInto('data_file_chunk')
            .values({ file_id: id, seq: 1, bytes: original } as never)
            .execute();
          const rows = samples(size, 42 + f);
          for (let start = 0; start < rows.length; start += 500)
            await raw
              .insertInto('measurement')
              .values(
                rows
                  .slice(start, start + 500)
                  .map((r) => ({ ...r, experiment_id: experimentId, file_id: id })),
              )
              .execute();
          files.push({ id, original });
        }
        // What the database holds before (the doubles it returns), in file and seq order.
        const stored = await raw
          .selectFrom('measurement')
          .select(['file_id', ...COLUMNS])
          .orderBy('file_id')
          .orderBy('seq')
          .execute();
        assert.equal(stored.length, 14_097);

        assert.deepEqual(await migrateApp(raw as unknown as Kysely<unknown>), [THIS]);
        const read = async () => {
          const rows: Row[] = [];
          for await (const page of readPoints(connection.db, { experimentId }, ['file_id', ...COLUMNS]))
            rows.push(...page);
          return rows;
        };
        const after = await read();
        assert.equal(after.length, stored.length);
        after.forEach((row: Row, i) => {
          for (const column of ['file_id', ...COLUMNS]) {
            const was = (stored[i] as Row)[column] ?? null;
            assert.ok(
              Object.is(row[column], was === null ? null : Number(was)),
              `sample ${i} ${column}: ${String(row[column])} for ${String(was)}`,
            );
          }
        });
        const tables = (await connection.db.introspection.getTables()).map((t) => t.name);
        assert.ok(!tables.includes('measurement'), 'the row table is gone');
        for (const file of files) {
          const chunks: Buffer[] = [];
          for await (const chunk of readFileBytes(connection.db, file.id)) chunks.push(chunk);
          assert.ok(Buffer.concat(chunks).equals(file.original), 'the original, byte for byte');
        }
        const compressed = await connection.db.selectFrom('data_file_chunk').select('compression').execute();
        assert.deepEqual(
          compressed.map((c) => c.compression),
          ['gzip', 'gzip', 'gzip'],
        );

        // Again, as a start after a conversion cut short would run it: nothing changes.
        const blocks = async () =>
          (await sql<{ n: number }>`select count(*) as n from sample_block`.execute(connection.db)).rows[0]!
            .n;
        const blocksBefore = Number(await blocks());
        await sampleBlocksMigration.up(raw);
        assert.equal(Number(await blocks()), blocksBefore);
        assert.deepEqual(await read(), after);
      } finally {
        await connection.close();
        await database.drop();
      }
    });
  });
