/**
 * `copy-database` (issue 28): a lab's database into an empty one of the other dialect (SQLite →
 * PostgreSQL and back), for random small labs — every user and visitor then gets the same
 * lists, checks and downloads (byte-identical files) from the copy; an interrupted copy resumes
 * after its last committed batch (`batterydb copy-database` run again); a target that is not empty is refused by name.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { sql } from 'kysely';
import { copyDatabase } from '../../src/backup/copy-database.ts';
import { BackupRefusal } from '../../src/backup/backup-refusal.ts';
import { createAppAuthz } from '../../src/authz/create-app-authz.ts';
import { parseDatabaseUrl } from '../../src/config/database-url.ts';
import { connect } from '../../src/db/connect.ts';
import { createExperiments } from '../../src/experiments/create-experiments.ts';
import {
  createTestDatabase,
  DIALECTS,
  type Dialect,
  type TestDatabase,
} from '../../../../test-support/databases.ts';
import { runCli } from './support/cli-process.ts';
import { seenByUsers } from './support/seen-by-users.ts';
import { buildWorld, FULL_WORLD, worldSpec } from './support/world.ts';

const PAIRS: [Dialect, Dialect][] = DIALECTS.includes('postgres')
  ? [
      ['sqlite', 'postgres'],
      ['postgres', 'sqlite'],
    ]
  : [['sqlite', 'sqlite']];

/** Rows per table, from the live database (backup/table-catalog.ts discovers the same tables). */
async function rowCounts(database: TestDatabase): Promise<Map<string, number>> {
  const db = database.open(); // closed by the database's drop()
  const counts = new Map<string, number>();
  for (const table of await db.introspection.getTables()) {
    const row = await sql<{ n: number }>`select count(*) as n from ${sql.table(table.name)}`.execute(db);
    counts.set(table.name, Number(row.rows[0]!.n));
  }
  return counts;
}

async function withTwo<T>(from: Dialect, to: Dialect, run: (a: TestDatabase, b: TestDatabase) => Promise<T>) {
  const [a, b] = [await createTestDatabase(from), await createTestDatabase(to)];
  try {
    return await run(a, b);
  } finally {
    await Promise.all([a.drop(), b.drop()]);
  }
}

const copy = (a: TestDatabase, b: TestDatabase, options = {}) =>
  copyDatabase(parseDatabaseUrl(a.url), parseDatabaseUrl(b.url), options);

for (const [from, to] of PAIRS) {
  describe(`copy-database ${from} → ${to}`, () => {
    test('for random labs, every user gets the same lists, checks and downloads from the copy', async () => {
      await fc.assert(
        fc.asyncProperty(worldSpec, fc.nat(1000), async (spec, seed) =>
          withTwo(from, to, async (a, b) => {
            const { files } = await buildWorld(a.url, spec, { seed });
            const before = await seenByUsers(a.url);
            const report = await copy(a, b);
            assert.equal(report.files, files);
            assert.equal(report.resumed, false);
            assert.deepEqual(await seenByUsers(b.url), before);
          }),
        ),
        { numRuns: 3 },
      );
    });

    test('an interrupted copy resumes after its last batch, and the copy is whole and usable', async () => {
      await withTwo(from, to, async (a, b) => {
        await buildWorld(a.url, FULL_WORLD, { pointsPerHalfCycle: 40 });
        const before = await seenByUsers(a.url);
        // Cut mid-table: in the first table whose first batch (16 rows) was full and which has
        // more rows than that — whatever the schema's tables are (sample blocks hold thousands
        // of samples a row, so the samples may fit one batch).
        const sourceCounts = await rowCounts(a);
        const stop = new AbortController();
        let cut: string | undefined;
        await assert.rejects(
          copy(a, b, {
            signal: stop.signal,
            onBatch: (table: string, rows: number) => {
              if (cut === undefined && rows < (sourceCounts.get(table) ?? 0)) {
                cut = table;
                stop.abort();
              }
            },
          }),
          { name: 'AbortError' },
        );
        assert.ok(cut, 'some table was copied in more than one batch');
        const copied = (await rowCounts(b)).get(cut) ?? 0;
        assert.ok(
          copied > 0 && copied < sourceCounts.get(cut)!,
          `part of ${cut} copied: ${copied} of ${sourceCounts.get(cut)}`,
        );

        // The command, run again as an operator would, resumes and verifies.
        const resumed = await runCli(['copy-database', '--to', b.url], { DATABASE_URL: a.url });
        assert.equal(resumed.code, 0, resumed.err);
        assert.match(resumed.err, /resuming the copy/);
        assert.match(
          resumed.out,
          /^Copied \d+ rows of \d+ tables \(resumed\); verified: row counts, 2 files byte-identical/,
        );
        assert.deepEqual(await seenByUsers(b.url), before);
        // The copy is a working site: ids continue after the copied ones (PostgreSQL's
        // sequences set), and the progress table is gone.
        const site = await connect(parseDatabaseUrl(b.url));
        try {
          const authz = createAppAuthz(site.db);
          const [made] = await createExperiments(authz, 1, [{ title: 'after the move' }]);
          const top = await site.db
            .selectFrom('experiment')
            .select(sql<number>`max(id)`.as('id'))
            .executeTakeFirstOrThrow();
          assert.equal(Number(made!.id), Number(top.id));
          assert.ok(Number(made!.id) > FULL_WORLD.experiments.length);
          const tables = await sql<{ n: number }>`select count(*) as n from ${sql.raw(
            to === 'sqlite' ? 'sqlite_master where name' : 'information_schema.tables where table_name',
          )} = 'batterydb_copy_progress'`.execute(site.db);
          assert.equal(Number(tables.rows[0]!.n), 0);
        } finally {
          await site.close();
        }
      });
    });

    test('a target that already has tables is refused by name, and nothing is written to it', async () => {
      await withTwo(from, to, async (a, b) => {
        await buildWorld(a.url, {
          users: [{ role: 1, superuser: false }],
          groups: [],
          experiments: [],
          grants: [],
        });
        await buildWorld(b.url, {
          users: [{ role: 0, superuser: false }],
          groups: [],
          experiments: [],
          grants: [],
        });
        const error = await copy(a, b).catch((e: unknown) => e);
        assert.ok(error instanceof BackupRefusal, String(error));
        assert.equal(error.reason, 'target-not-empty');
        const names = await b
          .open<{ authz_user: { username: string } }>()
          .selectFrom('authz_user')
          .select('username')
          .execute();
        assert.deepEqual(names, [{ username: 'user0' }]);
        await assert.rejects(copy(a, a), /the target is the source/);
      });
    });
  });
}
