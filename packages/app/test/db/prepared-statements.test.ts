/**
 * Statements are prepared once and reused, on each dialect its own way (issue 12): SQLite keeps
 * prepared statements per handle by SQL text (bounded, least recently used out first);
 * PostgreSQL prepares hot statements by name (a hash of the text) on each connection (bounded).
 * Both are keyed by the SQL text, so queries that differ in any way — another Kysely instance,
 * a plugin — never share a statement. And SQLite keeps no STAT4 samples, without which a
 * cached statement would be prepared again at every run.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import SQLite from 'better-sqlite3';
import { Kysely, sql, WithSchemaPlugin } from 'kysely';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../../../../test-support/databases.ts';
import { parseDatabaseUrl } from '../../src/config/database-url.ts';
import { analyzeDatabase } from '../../src/db/analyze-database.ts';
import { connect, type Connection } from '../../src/db/connect.ts';
import { SqliteReadWriteDialect } from '../../src/db/sqlite-read-write-dialect.ts';

interface T {
  t: { id: number; tag: string };
}

/** A handle whose `prepare` calls are counted by SQL text. */
function countingHandle(path: string, prepared: Map<string, number>): SQLite.Database {
  const handle = new SQLite(path);
  handle.pragma('journal_mode = WAL');
  const prepare = handle.prepare.bind(handle);
  handle.prepare = (text: string) => {
    prepared.set(text, (prepared.get(text) ?? 0) + 1);
    return prepare(text);
  };
  return handle;
}

for (const dialect of DIALECTS) {
  describe(`prepared statements (${dialect})`, () => {
    let database: TestDatabase;
    before(async () => {
      database = await createTestDatabase(dialect);
    });
    after(() => database.drop());

    if (dialect === 'sqlite') {
      test('one statement per SQL text and handle, bounded', async () => {
        const path = parseDatabaseUrl(database.url);
        assert.equal(path.dialect, 'sqlite');
        const prepared = new Map<string, number>();
        const writer = countingHandle(path.path, prepared);
        const reader = countingHandle(path.path, prepared);
        const db = new Kysely<T>({
          dialect: new SqliteReadWriteDialect({ writer, reader, statementCacheSize: 3 }),
        });
        try {
          await sql`create table t (id integer primary key, tag text not null)`.execute(db);
          await db
            .insertInto('t')
            .values([1, 2, 3, 4].map((id) => ({ id, tag: `tag ${id}` })))
            .execute();
          const byId = (id: number) => db.selectFrom('t').select('tag').where('id', '=', id).execute();
          for (const id of [1, 2, 3, 1]) assert.deepEqual(await byId(id), [{ tag: `tag ${id}` }]);
          const text = 'select "tag" from "t" where "id" = ?';
          assert.equal(prepared.get(text), 1, 'the same text runs on one prepared statement');
          // Three other texts push it out of a cache of three: it is prepared again.
          for (const column of ['id', 'tag', 'id, tag'])
            await sql.raw(`select ${column} from t where id = 1`).execute(db);
          await byId(2);
          assert.equal(prepared.get(text), 2);
        } finally {
          await db.destroy();
        }
      });

      test('statistics without STAT4 samples, after ANALYZE and at open', async () => {
        const connection = await connect(parseDatabaseUrl(database.url));
        try {
          const db = connection.db as unknown as Kysely<T>;
          await sql`create table s (id integer primary key, k integer not null)`.execute(db);
          await sql`create index s_k on s (k)`.execute(db);
          await sql`insert into s (k) with recursive n(v) as (select 1 union all select v + 1 from n where v < 2000)
            select v % 7 from n`.execute(db);
          await analyzeDatabase(db, 'sqlite');
          const stats = await sql<{ n: number }>`select count(*) as n from sqlite_stat1`.execute(db);
          assert.ok(stats.rows[0]!.n > 0, 'rows per key are kept');
          const samples = await sql<{ n: number }>`select count(*) as n from sqlite_stat4`.execute(db);
          assert.equal(samples.rows[0]!.n, 0);
          // An ANALYZE made elsewhere (another tool) leaves samples: the next open drops them.
          await sql`analyze`.execute(db);
          const again = await sql<{ n: number }>`select count(*) as n from sqlite_stat4`.execute(db);
          assert.ok(again.rows[0]!.n > 0);
        } finally {
          await connection.close();
        }
        const reopened = await connect(parseDatabaseUrl(database.url));
        try {
          const samples = await sql<{ n: number }>`select count(*) as n from sqlite_stat4`.execute(
            reopened.db,
          );
          assert.equal(samples.rows[0]!.n, 0);
        } finally {
          await reopened.close();
        }
      });
      return;
    }

    describe('named on PostgreSQL', () => {
      let connection: Connection;
      let db: Kysely<T>;
      const named = async () =>
        (
          await sql<{
            name: string;
            statement: string;
          }>`select name, statement from pg_prepared_statements order by statement`.execute(db)
        ).rows;
      before(async () => {
        // One connection, so pg_prepared_statements shows what the queries used.
        connection = await connect(parseDatabaseUrl(database.url), {
          poolSize: 1,
          namedStatements: { admitAfter: 2, perConnection: 3 },
        });
        db = connection.db as unknown as Kysely<T>;
        await sql`create table t (id integer primary key, tag text not null)`.execute(db);
        await db
          .insertInto('t')
          .values([1, 2, 3].map((id) => ({ id, tag: `tag ${id}` })))
          .execute();
        await sql`create schema other`.execute(db);
        await sql`create table other.t (id integer primary key, tag text not null)`.execute(db);
        await sql`insert into other.t values (1, 'other 1')`.execute(db);
      });
      after(() => connection.close());

      test('a statement run again is prepared by the hash of its text, and answers with each run’s values', async () => {
        const byId = (id: number) => db.selectFrom('t').select('tag').where('id', '=', id).execute();
        assert.deepEqual(await byId(1), [{ tag: 'tag 1' }]);
        assert.deepEqual(await named(), [], 'run once: not prepared by name');
        assert.deepEqual(await byId(2), [{ tag: 'tag 2' }]);
        assert.deepEqual(await byId(3), [{ tag: 'tag 3' }]);
        const statements = await named();
        assert.equal(statements.length, 1);
        assert.match(statements[0]!.name, /^b_[A-Za-z0-9_-]{27}$/);
        assert.equal(statements[0]!.statement, 'select "tag" from "t" where "id" = $1');
      });

      test('a plugin that changes the SQL gets its own statement', async () => {
        const other = db.withPlugin(new WithSchemaPlugin('other'));
        const byId = (k: Kysely<T>, id: number) =>
          k.selectFrom('t').select('tag').where('id', '=', id).execute();
        for (let i = 0; i < 3; i++) {
          assert.deepEqual(await byId(db, 1), [{ tag: 'tag 1' }]);
          assert.deepEqual(await byId(other, 1), [{ tag: 'other 1' }]);
        }
        assert.deepEqual(
          (await named()).map((s) => s.statement),
          ['select "tag" from "other"."t" where "id" = $1', 'select "tag" from "t" where "id" = $1'],
        );
      });

      test('at most perConnection names per connection; the rest run unnamed and still answer', async () => {
        for (const column of ['id', 'tag', 'id, tag', 'tag, id'])
          for (let i = 0; i < 3; i++)
            assert.equal(
              (await sql`select ${sql.raw(column)} from t where id = 1 or id = ${1}`.execute(db)).rows.length,
              1,
            );
        assert.equal((await named()).length, 3);
      });

      test('a table changed under a prepared statement: the statement runs again, unnamed', async () => {
        await connection.close();
        connection = await connect(parseDatabaseUrl(database.url), { poolSize: 1 });
        db = connection.db as unknown as Kysely<T>;
        const all = () => sql<Record<string, unknown>>`select * from t where id = ${1}`.execute(db);
        await all();
        await all();
        assert.equal((await named()).length, 1);
        await sql`alter table t add column note text`.execute(db);
        assert.deepEqual((await all()).rows, [{ id: 1, tag: 'tag 1', note: null }]);
        assert.deepEqual((await all()).rows, [{ id: 1, tag: 'tag 1', note: null }]);
      });
    });
  });
}
