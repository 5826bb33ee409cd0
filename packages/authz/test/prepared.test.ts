import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type Kysely, sql, WithSchemaPlugin } from 'kysely';
import { DIALECTS } from '../../../test-support/databases.ts';
import { prepared } from '../src/db/prepared.ts';
import type { AuthzTables } from '../src/schema/tables.ts';
import { kitOn } from './support/kit.ts';

for (const dialect of DIALECTS) {
  describe(`prepared queries (${dialect})`, () => {
    let kit: Awaited<ReturnType<typeof kitOn>>;
    before(async () => {
      kit = await kitOn(dialect);
    });
    after(() => kit.database.drop());

    test('the compiled SQL is reused with each call’s own arguments, in their places', async () => {
      const a = await kit.authz.createUser({ username: 'prep-a' });
      const b = await kit.authz.createUser({ username: 'prep-b' });
      let builds = 0;
      const pair = prepared(2, (db, first, second) => {
        builds += 1;
        return (db as unknown as Kysely<AuthzTables>)
          .selectFrom('authz_user')
          .select('username')
          .where((eb) => eb.or([eb('id', '=', second), eb('id', '=', first)]))
          .orderBy('username');
      });
      const db = kit.db as unknown as Kysely<never>;
      assert.deepEqual((await pair(db, a.id, a.id)).rows, [{ username: 'prep-a' }]);
      assert.deepEqual((await pair(db, b.id, b.id)).rows, [{ username: 'prep-b' }]);
      assert.deepEqual((await pair(db, a.id, b.id)).rows, [{ username: 'prep-a' }, { username: 'prep-b' }]);
      assert.equal(builds, 1);
    });

    test('an argument may be used several times; one not used at all is refused', async () => {
      const a = await kit.authz.createUser({ username: 'prep-twice' });
      const db = kit.db as unknown as Kysely<never>;
      const twice = prepared(1, (d, id) =>
        (d as unknown as Kysely<AuthzTables>)
          .selectFrom('authz_user')
          .select('username')
          .where('id', '=', id)
          .where((eb) => eb('id', '=', id)),
      );
      assert.deepEqual((await twice(db, a.id)).rows, [{ username: 'prep-twice' }]);
      const unused = prepared(1, (d) =>
        (d as unknown as Kysely<AuthzTables>).selectFrom('authz_user').select('id'),
      );
      await assert.rejects(unused(db, 1), /at least once/);
    });

    test('two Kysely instances whose plugins write different SQL get their own compilation', async () => {
      // A schema plugin sends the same builder to another table: sharing one compiled query
      // between the two would read the wrong table.
      const db = kit.db as unknown as Kysely<never>;
      const schema = dialect === 'sqlite' ? 'other' : 'other_schema';
      if (dialect === 'sqlite') await sql`attach database ':memory:' as other`.execute(db);
      else await sql.raw(`create schema ${schema}`).execute(db);
      await sql`create table ${sql.table(`${schema}.authz_user`)} (id integer, username text)`.execute(db);
      await sql`insert into ${sql.table(`${schema}.authz_user`)} values (1, 'elsewhere')`.execute(db);
      const user = await kit.authz.createUser({ username: 'prep-here' });
      const byId = prepared(1, (d, id) =>
        (d as unknown as Kysely<AuthzTables>)
          .selectFrom('authz_user')
          .select('username')
          .where('id', '=', id),
      );
      const other = db.withPlugin(new WithSchemaPlugin(schema));
      assert.deepEqual((await byId(db, user.id)).rows, [{ username: 'prep-here' }]);
      assert.deepEqual((await byId(other, 1)).rows, [{ username: 'elsewhere' }]);
      // And each kind of instance keeps its own: a transaction of the first reads the first table.
      await (db as unknown as Kysely<AuthzTables>).transaction().execute(async (trx) => {
        assert.deepEqual((await byId(trx as unknown as Kysely<never>, user.id)).rows, [
          { username: 'prep-here' },
        ]);
      });
      assert.deepEqual((await byId(other, user.id)).rows, []);
    });
  });
}
