/**
 * Issue 25: the list's total is remembered per viewer's access and served without counting
 * while nothing that decides visibility changed — and recounted at once after any such write,
 * made in another process (here: another connection, with its own kit) and by plain SQL that no
 * application code sees (the triggers bump the version), and after a grant's expiry (no write
 * at all: the viewer's clock). Whether a total came from memory is read from the statement's
 * own rows (the total column holds TOTAL_UNCHANGED then), not from timing. Both dialects.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type Kysely, type KyselyPlugin, sql } from 'kysely';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../../../../test-support/databases.ts';
import { type AppAuthz, createAppAuthz } from '../../src/authz/create-app-authz.ts';
import { ROLE_READ_ONLY } from '../../src/authz/roles.ts';
import { parseDatabaseUrl } from '../../src/config/database-url.ts';
import { connect, type Connection } from '../../src/db/connect.ts';
import type { Database } from '../../src/db/schema.ts';
import { findExperiments } from '../../src/experiments/find-experiments.ts';
import { LIST_COLUMNS } from '../../src/experiments/list-statement.ts';
import { TOTAL_UNCHANGED } from '../../src/experiments/list-total-cache.ts';

const VIEW = 'batterydb.view_experiment';

for (const dialect of DIALECTS)
  describe(`the list's remembered total (${dialect})`, () => {
    let database: TestDatabase;
    /** The serving process, and another one writing to the same database. */
    let serving: Connection;
    let other: Connection;
    let authz: AppAuthz;
    let otherAuthz: AppAuthz;
    let db: Kysely<Database>;
    /** The total column of each list statement's first row, as the database answered it. */
    const answered: unknown[] = [];
    /** The serving kit's clock, moved by hand (the writing kit's is the real one: grants must not be past). */
    let clock = Date.now();
    let reader: number;
    let owner: number;

    before(async () => {
      database = await createTestDatabase(dialect);
      serving = await connect(parseDatabaseUrl(database.url));
      other = await connect(parseDatabaseUrl(database.url));
      authz = createAppAuthz(serving.db, { now: () => clock });
      await authz.migrateAll();
      otherAuthz = createAppAuthz(other.db);
      const plugin: KyselyPlugin = {
        transformQuery: (args) => args.node,
        transformResult(args) {
          const row = args.result.rows[0];
          if (Array.isArray(row) && row.length > LIST_COLUMNS.length + 1)
            answered.push(row[LIST_COLUMNS.length + 1]);
          return Promise.resolve(args.result);
        },
      };
      db = serving.db.withPlugin(plugin);
      const readOnly = (await authz.findGroupByName(ROLE_READ_ONLY))!.id;
      reader = (await authz.createUser({ username: 'reader' })).id;
      await authz.addMember(readOnly, reader);
      owner = (await authz.createUser({ username: 'owner' })).id;
      await authz.experiments.create(
        Array.from({ length: 5 }, (_, i) => ({
          title: `cell ${i}`,
          owner_id: owner,
          status: i < 3 ? 'public' : 'private',
          created_at: i + 1,
          updated_at: i + 1,
        })),
      );
    });
    after(async () => {
      await other.close();
      await serving.close();
      await database.drop();
    });

    /** The reader's first page's total, and whether the database counted it or said "unchanged". */
    const total = async () => {
      const subject = await authz.loadSubject(reader);
      const page = await findExperiments(authz, db, subject, { limit: 2 });
      return { total: page.total, counted: Number(answered.at(-1)) !== TOTAL_UNCHANGED };
    };
    const privateIds = async () =>
      (
        await serving.db
          .selectFrom('experiment')
          .select('id')
          .where('status', '=', 'private')
          .orderBy('id')
          .execute()
      ).map((r) => r.id);

    test('counted once, then remembered while nothing changes', async () => {
      assert.deepEqual(await total(), { total: 3, counted: true });
      assert.deepEqual(await total(), { total: 3, counted: false });
      assert.deepEqual(await total(), { total: 3, counted: false });
    });

    test('another process adds, hides, shows and deletes experiments by plain SQL: seen at once', async () => {
      await sql`insert into experiment (title, owner_id, status, created_at, updated_at)
        values ('by hand', ${owner}, 'public', 1, 1)`.execute(other.db);
      assert.deepEqual(await total(), { total: 4, counted: true });
      assert.deepEqual(await total(), { total: 4, counted: false });
      await sql`update experiment set status = 'private' where title = 'by hand'`.execute(other.db);
      assert.deepEqual(await total(), { total: 3, counted: true });
      await sql`update experiment set status = 'public' where title = 'by hand'`.execute(other.db);
      assert.deepEqual(await total(), { total: 4, counted: true });
      await sql`delete from experiment where title = 'by hand'`.execute(other.db);
      assert.deepEqual(await total(), { total: 3, counted: true });
      // A write that changes nothing anyone may view keeps the total remembered.
      await sql`update experiment set title = 'renamed' where title = 'cell 0'`.execute(other.db);
      assert.deepEqual(await total(), { total: 3, counted: false });
    });

    test('a private experiment given to the reader as its owner, then by a grant from another process', async () => {
      const [first, second] = await privateIds();
      await sql`update experiment set owner_id = ${reader} where id = ${first!}`.execute(other.db);
      assert.deepEqual(await total(), { total: 4, counted: true });
      await sql`update experiment set owner_id = ${owner} where id = ${first!}`.execute(other.db);
      assert.deepEqual(await total(), { total: 3, counted: true });
      await otherAuthz.experiments.assign({ user: reader }, VIEW, second!);
      assert.deepEqual(await total(), { total: 4, counted: true });
      await otherAuthz.experiments.remove({ user: reader }, VIEW, second!);
      assert.deepEqual(await total(), { total: 3, counted: true });
    });

    test('a grant that expires with no write at all: remembered until its expiry, recounted after', async () => {
      const [first] = await privateIds();
      const expiresAt = clock + 3_600_000;
      await otherAuthz.experiments.assign({ user: reader }, VIEW, first!, { expiresAt: new Date(expiresAt) });
      assert.deepEqual(await total(), { total: 4, counted: true });
      clock = expiresAt - 1;
      assert.deepEqual(await total(), { total: 4, counted: false });
      clock = expiresAt;
      assert.deepEqual(await total(), { total: 3, counted: true });
      assert.deepEqual(await total(), { total: 3, counted: false });
    });
  });
