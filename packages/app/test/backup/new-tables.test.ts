/**
 * Tables other branches add (cells, sample blocks, rate limits…) need no change to backup,
 * restore or copy (issue 28): a migration registered here adds a table with a binary column and
 * a foreign key, and one without a primary key (duplicate rows included); their rows come back
 * byte for byte through a backup and a copy into each dialect.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { dialectOf, withIdColumn } from '@batterydb/authz';
import type { Kysely } from 'kysely';
import { copyDatabase } from '../../src/backup/copy-database.ts';
import { restoreBackup } from '../../src/backup/restore-backup.ts';
import { takeBackup } from '../../src/backup/take-backup.ts';
import { createAppAuthz } from '../../src/authz/create-app-authz.ts';
import { parseDatabaseUrl } from '../../src/config/database-url.ts';
import { connect } from '../../src/db/connect.ts';
import { appMigrations } from '../../src/db/migrations/index.ts';
import { createExperiments } from '../../src/experiments/create-experiments.ts';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../../../../test-support/databases.ts';

interface NewTables {
  test_block: { id?: number; experiment_id: number; block: Buffer; note: string | null };
  test_tag: { experiment_id: number; tag: string };
}

const NAME = '2026-12-07-28-99-test-new-tables';
appMigrations[NAME] = {
  async up(db: Kysely<unknown>) {
    const binary = dialectOf(db) === 'postgres' ? 'bytea' : 'blob';
    await withIdColumn(db, db.schema.createTable('test_block'))
      .addColumn('experiment_id', 'integer', (c) =>
        c.notNull().references('experiment.id').onDelete('cascade'),
      )
      .addColumn('block', binary, (c) => c.notNull())
      .addColumn('note', 'text')
      .execute();
    await db.schema
      .createTable('test_tag')
      .addColumn('experiment_id', 'integer', (c) => c.notNull())
      .addColumn('tag', 'text', (c) => c.notNull())
      .execute();
  },
};

const dir = mkdtempSync(join(tmpdir(), 'batterydb-new-tables-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const blocks = [randomBytes(3000), Buffer.alloc(0), Buffer.from([0, 255, 0, 10, 13]), randomBytes(200_000)];

async function rowsOf(url: string) {
  const db = (await connect(parseDatabaseUrl(url))).db as unknown as Kysely<NewTables>;
  try {
    const block = await db.selectFrom('test_block').selectAll().orderBy('id').execute();
    const tag = await db.selectFrom('test_tag').selectAll().orderBy('tag').execute();
    return { block: block.map((r) => ({ ...r, block: Buffer.from(r.block).toString('hex') })), tag };
  } finally {
    await db.destroy();
  }
}

for (const source of DIALECTS) {
  describe(`new tables, from ${source}`, () => {
    let lab: TestDatabase;
    before(async () => {
      lab = await createTestDatabase(source);
      const connection = await connect(parseDatabaseUrl(lab.url));
      try {
        const authz = createAppAuthz(connection.db);
        await authz.migrateAll();
        const root = await authz.createUser({
          username: 'root',
          password: 'a long password',
          isSuperuser: true,
        });
        const [experiment] = await createExperiments(authz, root.id, [{ title: 'cells' }]);
        const db = connection.db as unknown as Kysely<NewTables>;
        const experimentId = Number(experiment!.id);
        for (const [i, block] of blocks.entries())
          await db
            .insertInto('test_block')
            .values({ experiment_id: experimentId, block, note: i % 2 ? null : `n${i}` })
            .execute();
        await db
          .insertInto('test_tag')
          .values([
            { experiment_id: experimentId, tag: 'same' },
            { experiment_id: experimentId, tag: 'same' },
            { experiment_id: experimentId, tag: 'other' },
          ])
          .execute();
      } finally {
        await connection.close();
      }
    });
    after(() => lab.drop());

    for (const target of DIALECTS)
      test(`backup and copy into ${target} bring them back byte for byte`, async () => {
        const expected = await rowsOf(lab.url);
        assert.equal(expected.block.length, blocks.length);
        const file = join(dir, `${source}-${target}.bdb`);
        const manifest = await takeBackup(parseDatabaseUrl(lab.url), file, { appVersion: 'test' });
        assert.ok(manifest.migrations.kysely_migration.includes(NAME));
        const restored = await createTestDatabase(target);
        const copied = await createTestDatabase(target);
        try {
          await restoreBackup(parseDatabaseUrl(restored.url), file);
          assert.deepEqual(await rowsOf(restored.url), expected);
          await copyDatabase(parseDatabaseUrl(lab.url), parseDatabaseUrl(copied.url));
          assert.deepEqual(await rowsOf(copied.url), expected);
        } finally {
          await Promise.all([restored.drop(), copied.drop()]);
        }
      });
  });
}
