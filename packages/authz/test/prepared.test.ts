import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Kysely } from 'kysely';
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
      const db = kit.authz.ctx.db as unknown as Kysely<never>;
      assert.deepEqual((await pair(db, a.id, a.id)).rows, [{ username: 'prep-a' }]);
      assert.deepEqual((await pair(db, b.id, b.id)).rows, [{ username: 'prep-b' }]);
      assert.deepEqual((await pair(db, a.id, b.id)).rows, [{ username: 'prep-a' }, { username: 'prep-b' }]);
      assert.equal(builds, 1);
    });

    test('an argument used twice, or not at all, is refused', async () => {
      const db = kit.authz.ctx.db as unknown as Kysely<never>;
      const twice = prepared(1, (d, id) =>
        (d as unknown as Kysely<AuthzTables>)
          .selectFrom('authz_user')
          .select('id')
          .where('id', '=', id)
          .where('id', '=', id),
      );
      await assert.rejects(twice(db, 1), /exactly once/);
      const unused = prepared(1, (d) =>
        (d as unknown as Kysely<AuthzTables>).selectFrom('authz_user').select('id'),
      );
      await assert.rejects(unused(db, 1), /exactly once/);
    });
  });
}
