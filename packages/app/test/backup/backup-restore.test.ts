/**
 * `backup` and `restore` (issue 28) in-process, on every dialect pair: a backup of a lab
 * restores into an empty database of either dialect with every user seeing the same lists,
 * checks and downloads, constraints intact, sequences after the restored ids and the
 * authorization generation bumped; an older schema is migrated forward after its rows are in;
 * and a restore refuses — by name, before writing anything — a non-empty target, a newer
 * schema, an edited row, an edited manifest, a cut file and a file that is no backup.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { authzMigrations } from '@batterydb/authz';
import { type Kysely, sql } from 'kysely';
import { BackupRefusal, type RefusalReason } from '../../src/backup/backup-refusal.ts';
import { buildSchemaAt } from '../../src/backup/build-schema.ts';
import { restoreBackup } from '../../src/backup/restore-backup.ts';
import { takeBackup } from '../../src/backup/take-backup.ts';
import { createAppAuthz } from '../../src/authz/create-app-authz.ts';
import { parseDatabaseUrl } from '../../src/config/database-url.ts';
import { connect } from '../../src/db/connect.ts';
import { appMigrations } from '../../src/db/migrations/index.ts';
import { createExperiments } from '../../src/experiments/create-experiments.ts';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../../../../test-support/databases.ts';
import { editArchive, editHeaderAndManifest } from './support/archive-edit.ts';
import { seenByUsers } from './support/seen-by-users.ts';
import { buildWorld, FULL_WORLD } from './support/world.ts';

const dir = mkdtempSync(join(tmpdir(), 'batterydb-backup-'));
after(() => rmSync(dir, { recursive: true, force: true }));

async function withEmpty<T>(
  dialect: TestDatabase['dialect'],
  run: (db: TestDatabase) => Promise<T>,
): Promise<T> {
  const db = await createTestDatabase(dialect);
  try {
    return await run(db);
  } finally {
    await db.drop();
  }
}

const generation = async (db: Kysely<unknown>) =>
  Number((await sql<{ g: number }>`select sum(value) as g from authz_generation`.execute(db)).rows[0]!.g);

/** SQLite's own checks; PostgreSQL checked every foreign key as the rows went in. */
async function constraintsHold(target: TestDatabase): Promise<void> {
  const db = target.open();
  if (target.dialect === 'sqlite') {
    assert.deepEqual((await sql`pragma integrity_check`.execute(db)).rows, [{ integrity_check: 'ok' }]);
    assert.deepEqual((await sql`pragma foreign_key_check`.execute(db)).rows, []);
  } else {
    const invalid = await sql`select conname from pg_constraint where not convalidated`.execute(db);
    assert.deepEqual(invalid.rows, []);
  }
}

for (const source of DIALECTS) {
  describe(`backup of ${source}, restore into each dialect`, () => {
    let lab: TestDatabase;
    let seen: Record<string, unknown>;
    const file = join(dir, `${source}.bdb`);
    before(async () => {
      lab = await createTestDatabase(source);
      await buildWorld(lab.url, FULL_WORLD);
      seen = await seenByUsers(lab.url);
      await takeBackup(parseDatabaseUrl(lab.url), file, { appVersion: 'test' });
    });
    after(() => lab.drop());

    for (const target of DIALECTS)
      test(`into ${target}: everyone sees the same; constraints hold; ids continue; caches go stale`, () =>
        withEmpty(target, async (empty) => {
          const report = await restoreBackup(parseDatabaseUrl(empty.url), file);
          assert.deepEqual(report.migratedForward, []);
          assert.equal(report.manifest.files.length, 2);
          assert.deepEqual(await seenByUsers(empty.url), seen);
          await constraintsHold(empty);
          assert.equal(await generation(empty.open()), (await generation(lab.open())) + 1);
          const site = await connect(parseDatabaseUrl(empty.url));
          try {
            const [made] = await createExperiments(createAppAuthz(site.db), 1, [{ title: 'after restore' }]);
            assert.equal(Number(made!.id), FULL_WORLD.experiments.length + 1);
          } finally {
            await site.close();
          }
        }));

    const refused = async (target: TestDatabase, archive: string, reason: RefusalReason) => {
      const error = await restoreBackup(parseDatabaseUrl(target.url), archive).catch((e: unknown) => e);
      assert.ok(error instanceof BackupRefusal, String(error));
      assert.equal(error.reason, reason, error.message);
      return error;
    };

    for (const target of DIALECTS)
      test(`into ${target}: refused by name, and nothing written`, () =>
        withEmpty(target, async (empty) => {
          await refused(lab, file, 'target-not-empty');

          const future = join(dir, `future-${source}-${target}.bdb`);
          editArchive(file, future, (lines) =>
            editHeaderAndManifest(lines, (h) => {
              (h.migrations as Record<string, string[]>).kysely_migration!.push(
                '2099-01-01-99-from-the-future',
              );
            }),
          );
          assert.match(
            (await refused(empty, future, 'newer-schema')).message,
            /2099-01-01-99-from-the-future/,
          );

          const edited = join(dir, `edited-${source}-${target}.bdb`);
          editArchive(file, edited, (lines) => lines.map((l) => l.replace('"user1"', '"mallory"')));
          assert.match((await refused(empty, edited, 'checksum-mismatch')).message, /authz_user/);

          const counted = join(dir, `counted-${source}-${target}.bdb`);
          editArchive(file, counted, (lines) =>
            editHeaderAndManifest(lines, (h) => {
              const tables = h.tables as { name: string; rows: number }[] | undefined;
              const experiment = tables?.find((t) => t.name === 'experiment');
              if (experiment) experiment.rows += 1;
            }),
          );
          await refused(empty, counted, 'row-count-mismatch');

          const dropped = join(dir, `dropped-${source}-${target}.bdb`);
          editArchive(file, dropped, (lines) =>
            editHeaderAndManifest(lines, (h) => {
              if (Array.isArray(h.tables)) h.tables.pop();
            }),
          );
          await refused(empty, dropped, 'manifest-mismatch');

          const cut = join(dir, `cut-${source}-${target}.bdb`);
          const bytes = readFileSync(file);
          writeFileSync(cut, bytes.subarray(0, Math.floor(bytes.length / 2)));
          await refused(empty, cut, 'truncated');

          const text = join(dir, `text-${source}-${target}.bdb`);
          writeFileSync(text, 'id,title\n1,a cell\n');
          await refused(empty, text, 'not-a-backup');

          const tables =
            empty.dialect === 'sqlite'
              ? 'sqlite_master'
              : 'information_schema.tables where table_schema = current_schema()';
          const count = await sql<{ n: number }>`select count(*) as n from ${sql.raw(tables)}`.execute(
            empty.open(),
          );
          assert.equal(Number(count.rows[0]!.n), 0, 'the target is still empty');
        }));
  });
}

for (const dialect of DIALECTS)
  test(`an older schema (${dialect}) is restored as it was, then migrated forward`, () =>
    withEmpty(dialect, async (old) => {
      const latest = Object.keys(appMigrations).sort().at(-1)!;
      const migrations = {
        authz_migration: Object.keys(authzMigrations).sort(),
        kysely_migration: Object.keys(appMigrations)
          .sort()
          .filter((name) => name !== latest),
      };
      const site = await connect(parseDatabaseUrl(old.url));
      try {
        await buildSchemaAt(site.db as Kysely<unknown>, migrations);
        const authz = createAppAuthz(site.db);
        await authz.syncPerms();
        const root = await authz.createUser({
          username: 'root',
          password: 'a long password',
          isSuperuser: true,
        });
        await createExperiments(authz, root.id, [{ title: 'from the old days' }]);
      } finally {
        await site.close();
      }
      const file = join(dir, `old-${dialect}.bdb`);
      const manifest = await takeBackup(parseDatabaseUrl(old.url), file, { appVersion: 'old' });
      assert.deepEqual(manifest.migrations, migrations);
      await withEmpty(dialect, async (empty) => {
        const report = await restoreBackup(parseDatabaseUrl(empty.url), file);
        assert.deepEqual(report.migratedForward, [latest]);
        const titles = await empty
          .open<{ experiment: { title: string } }>()
          .selectFrom('experiment')
          .select('title')
          .execute();
        assert.deepEqual(titles, [{ title: 'from the old days' }]);
      });
    }));
