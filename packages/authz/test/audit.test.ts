import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type Kysely, sql } from 'kysely';
import { DIALECTS } from '../../../test-support/databases.ts';
import type { AuthzBase, AuthzTables } from '../src/index.ts';
import { kitWithClock } from './support/clock-kit.ts';

for (const dialect of DIALECTS) {
  describe(`audit log (${dialect})`, () => {
    let kit: Awaited<ReturnType<typeof kitWithClock>>;
    before(async () => {
      kit = await kitWithClock(dialect);
    });
    after(() => kit.close());

    test('written with the change, in its transaction: a rollback leaves neither', async () => {
      const { authz } = kit;
      const alice = await authz.createUser({ username: 'alice' });
      await assert.rejects(
        authz.transaction(async (tx) => {
          await tx.addUserPerms(alice.id, ['lab.view_sample']);
          await tx.recordAudit({
            actorId: null,
            action: 'user.permissions',
            target: { type: 'auth.user', id: alice.id },
            before: [],
            after: ['lab.view_sample'],
          });
          throw new Error('something later failed');
        }),
      );
      assert.equal((await authz.findAuditEntries({ limit: 10 })).entries.length, 0);
      assert.equal(await authz.hasPerm(alice.id, 'lab.view_sample'), false);
      await authz.transaction(async (tx) => {
        await tx.addUserPerms(alice.id, ['lab.view_sample']);
        await tx.recordAudit({
          actorId: alice.id,
          action: 'user.permissions',
          target: { type: 'auth.user', id: alice.id },
          before: [],
          after: ['lab.view_sample'],
          clientAddress: '192.0.2.1',
        });
      });
      const [entry] = (await authz.findAuditEntries({ limit: 10 })).entries;
      assert.deepEqual(
        { ...entry, id: 0 },
        {
          id: 0,
          at: new Date(kit.clock.now),
          actorId: alice.id,
          action: 'user.permissions',
          target: { type: 'auth.user', id: alice.id },
          before: [],
          after: ['lab.view_sample'],
          clientAddress: '192.0.2.1',
        },
      );
    });

    test("an application's rows, the kit's grants and the audit entry: one transaction, either way", async () => {
      const { authz, db } = kit;
      const bob = await authz.createUser({ username: 'bob' });
      await sql`create table app_note (note text not null)`.execute(db);
      const notes = async () => (await sql<{ note: string }>`select note from app_note`.execute(db)).rows;
      // Both ways of binding the kit to a transaction: the kit opens it (and hands the
      // application its handle), or the application opens it and binds the kit.
      const ways = [
        (fn: (tx: AuthzBase, trx: Kysely<AuthzTables>) => Promise<void>) => authz.transaction(fn),
        (fn: (tx: AuthzBase, trx: Kysely<AuthzTables>) => Promise<void>) =>
          db.transaction().execute((trx) => fn(authz.withTransaction(trx), trx)),
      ];
      const write = (fail: boolean, note: string) => async (tx: AuthzBase, trx: Kysely<AuthzTables>) => {
        await sql`insert into app_note (note) values (${note})`.execute(trx);
        await tx.addUserPerms(bob.id, ['lab.view_sample']);
        await tx.recordAudit({
          actorId: null,
          action: 'note.add',
          target: { type: 'note', id: null },
          before: null,
          after: { note },
          // Stamped by the kit's clock, the same the application reads with `now()`.
        });
        if (fail) throw new Error('something later failed');
      };
      for (const [i, way] of ways.entries()) {
        await assert.rejects(way(write(true, `lost ${i}`)), /later failed/);
        assert.deepEqual(await notes(), i === 0 ? [] : [{ note: 'kept 0' }]);
        assert.equal(await authz.hasPerm(bob.id, 'lab.view_sample'), false);
        assert.equal((await authz.findAuditEntries({ action: 'note.add', limit: 10 })).entries.length, i);
        kit.clock.now += 1000;
        await way(write(false, `kept ${i}`));
        const [entry] = (await authz.findAuditEntries({ action: 'note.add', limit: 1 })).entries;
        assert.deepEqual([entry!.after, entry!.at], [{ note: `kept ${i}` }, authz.now()]);
        assert.equal(await authz.hasPerm(bob.id, 'lab.view_sample'), true);
        await authz.removeUserPerms(bob.id, ['lab.view_sample']);
      }
      assert.deepEqual(await notes(), [{ note: 'kept 0' }, { note: 'kept 1' }]);
    });

    test('filters and keyset pages', async () => {
      const { authz, clock } = kit;
      for (let i = 0; i < 5; i++) {
        clock.now += 1000;
        await authz.recordAudit({
          actorId: 100 + (i % 2),
          action: i < 3 ? 'a' : 'b',
          target: { type: 't', id: i },
          before: null,
          after: { i },
        });
      }
      const since = new Date(clock.now - 2500);
      assert.equal((await authz.findAuditEntries({ action: 'b', limit: 10 })).entries.length, 2);
      assert.equal((await authz.findAuditEntries({ actorId: 101, limit: 10 })).entries.length, 2);
      assert.equal(
        (await authz.findAuditEntries({ targetType: 't', targetId: 4, limit: 10 })).entries.length,
        1,
      );
      assert.deepEqual(
        (await authz.findAuditEntries({ targetType: 't', since, limit: 10 })).entries.map((e) => e.after),
        [{ i: 4 }, { i: 3 }, { i: 2 }],
      );
      const first = await authz.findAuditEntries({ targetType: 't', limit: 3 });
      const second = await authz.findAuditEntries({
        targetType: 't',
        limit: 3,
        beforeId: first.nextBeforeId!,
      });
      assert.deepEqual(
        [...first.entries, ...second.entries].map((e) => e.target.id),
        [4, 3, 2, 1, 0],
      );
      assert.equal(second.nextBeforeId, null);
    });
  });
}
