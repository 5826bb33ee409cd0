/**
 * A statement marked with `ARRAY_ROWS` returns each row as an array of its values, in select
 * order, on both drivers — the first run and once it is prepared (SQLite's statement cache,
 * PostgreSQL's named statements) — and the same query unmarked still returns objects: the
 * mark is part of the text, so the two never share a prepared statement.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type Kysely, sql } from 'kysely';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../../../../test-support/databases.ts';
import { parseDatabaseUrl } from '../../src/config/database-url.ts';
import { isArrayRows, withArrayRows } from '../../src/db/array-rows.ts';
import { connect, type Connection } from '../../src/db/connect.ts';

interface T {
  t: { id: number; tag: string };
}

for (const dialect of DIALECTS) {
  describe(`rows as arrays (${dialect})`, () => {
    let database: TestDatabase;
    let connection: Connection;
    let db: Kysely<T>;
    before(async () => {
      database = await createTestDatabase(dialect);
      connection = await connect(parseDatabaseUrl(database.url), {
        poolSize: 1,
        namedStatements: { admitAfter: 2 },
      });
      db = connection.db as unknown as Kysely<T>;
      await sql`create table t (id integer primary key, tag text not null)`.execute(db);
      await db
        .insertInto('t')
        .values([1, 2].map((id) => ({ id, tag: `tag ${id}` })))
        .execute();
    });
    after(async () => {
      await connection.close();
      await database.drop();
    });

    test('marked: arrays in select order, every run; unmarked: objects', async () => {
      const query = (id: number) =>
        db.selectFrom('t').select(['tag', 'id']).where('id', '>=', id).orderBy('id').compile();
      for (let run = 0; run < 3; run++) {
        const marked = withArrayRows(query(1));
        assert.ok(isArrayRows(marked.sql));
        assert.deepEqual((await db.executeQuery(marked)).rows, [
          ['tag 1', 1],
          ['tag 2', 2],
        ]);
        assert.deepEqual((await db.executeQuery(query(2))).rows, [{ tag: 'tag 2', id: 2 }]);
      }
    });

    test('an empty result is an empty list either way', async () => {
      for (let run = 0; run < 3; run++)
        assert.deepEqual(
          (
            await db.executeQuery(
              withArrayRows(db.selectFrom('t').select('id').where('id', '>', 9).compile()),
            )
          ).rows,
          [],
        );
    });
  });
}
