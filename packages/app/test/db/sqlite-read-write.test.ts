/**
 * The SQLite dialect BatteryDB runs on (SPEC §7): reads never wait for a writer, writes of a
 * process queue in arrival order, a transaction reports what it changed, and a write that
 * cannot get the file's lock in time is "unavailable" (503), not a stuck lock. SQLite only:
 * PostgreSQL has none of this to test (MVCC, a pool of connections).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import SQLite from 'better-sqlite3';
import { type Kysely, sql } from 'kysely';
import { connect, type Connection } from '../../src/db/connect.ts';
import { isDatabaseUnavailable } from '../../src/db/database-unavailable.ts';
import type { WriteTransactionInfo } from '../../src/db/sqlite-read-write-dialect.ts';
import { gate } from '../support/wait.ts';

interface T {
  t: { n: number; tag: string };
}

describe('SQLite: one writer in arrival order, reads on their own handle', () => {
  let dir: string;
  let connection: Connection;
  let db: Kysely<T>;
  const transactions: WriteTransactionInfo[] = [];
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'batterydb-rw-'));
    connection = await connect(
      { dialect: 'sqlite', path: join(dir, 'rw.sqlite') },
      { busyTimeoutMs: 50, onWriteTransaction: (info) => transactions.push(info) },
    );
    db = connection.db as unknown as Kysely<T>;
    await sql`create table t (n integer not null, tag text not null)`.execute(db);
  });
  after(async () => {
    await connection.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('a read goes on while a write transaction is open, and sees the last commit', async () => {
    await db.insertInto('t').values({ n: 1, tag: 'committed' }).execute();
    const held = gate();
    const writing = db.transaction().execute(async (trx) => {
      await trx.insertInto('t').values({ n: 2, tag: 'uncommitted' }).execute();
      await held.wait;
    });
    try {
      // If reads queued behind the writer this would never resolve while the gate is shut.
      const rows = await db.selectFrom('t').select('tag').execute();
      assert.deepEqual(
        rows.map((r) => r.tag),
        ['committed'],
      );
    } finally {
      held.open();
      await writing;
    }
    assert.equal((await db.selectFrom('t').select('n').execute()).length, 2);
  });

  test('writes run in the order they arrived, one transaction at a time', async () => {
    await db.deleteFrom('t').execute();
    const held = gate();
    const first = db.transaction().execute(async (trx) => {
      await held.wait;
      await trx.insertInto('t').values({ n: 0, tag: 'first transaction' }).execute();
    });
    const queued = [
      db.insertInto('t').values({ n: 1, tag: 'a' }).execute(),
      db.transaction().execute((trx) => trx.insertInto('t').values({ n: 2, tag: 'b' }).execute()),
      db.insertInto('t').values({ n: 3, tag: 'c' }).execute(),
    ];
    held.open();
    await Promise.all([first, ...queued]);
    const rows = await sql<{ n: number }>`select n from t order by rowid`.execute(db);
    assert.deepEqual(
      rows.rows.map((r) => r.n),
      [0, 1, 2, 3],
    );
  });

  test('each committed write transaction reports the rows it changed', async () => {
    transactions.length = 0;
    await db.transaction().execute(async (trx) => {
      await trx
        .insertInto('t')
        .values([1, 2, 3].map((n) => ({ n, tag: 'x' })))
        .execute();
      await trx.updateTable('t').set({ tag: 'y' }).where('n', '=', 1).execute();
    });
    await db.deleteFrom('t').where('tag', '=', 'nothing').execute();
    await db.selectFrom('t').selectAll().execute();
    await assert.rejects(
      db.transaction().execute(async (trx) => {
        await trx.insertInto('t').values({ n: 9, tag: 'rolled back' }).execute();
        throw new Error('no');
      }),
    );
    // The first transaction wrote 3 + at least 1 rows; the empty delete, the read and the
    // rolled-back transaction report nothing.
    assert.equal(transactions.length, 1);
    assert.equal(transactions[0]!.statements, 2);
    assert.ok(transactions[0]!.rowsChanged >= 4);
  });

  test('another process holding the write lock past the busy timeout: writes are unavailable, reads go on, then it recovers', async () => {
    const other = new SQLite(join(dir, 'rw.sqlite'));
    try {
      other.exec('begin immediate');
      const write = db.insertInto('t').values({ n: 5, tag: 'blocked' }).execute();
      await assert.rejects(write, (error) => isDatabaseUnavailable(error));
      const transaction = db.transaction().execute((trx) => trx.deleteFrom('t').execute());
      await assert.rejects(transaction, (error) => isDatabaseUnavailable(error));
      assert.ok((await db.selectFrom('t').selectAll().execute()).length > 0, 'reads are not blocked');
      other.exec('rollback');
    } finally {
      other.close();
    }
    // A failed BEGIN released the process's writer lock: the next write does not hang.
    await db.insertInto('t').values({ n: 6, tag: 'after' }).execute();
    assert.equal((await db.selectFrom('t').select('n').where('n', '=', 6).execute()).length, 1);
  });

  test('an in-memory database (one handle) behaves the same', async () => {
    const memory = await connect({ dialect: 'sqlite', path: ':memory:' });
    try {
      const mdb = memory.db as unknown as Kysely<T>;
      await sql`create table t (n integer not null, tag text not null)`.execute(mdb);
      await mdb.transaction().execute((trx) => trx.insertInto('t').values({ n: 1, tag: 'm' }).execute());
      assert.deepEqual(await mdb.selectFrom('t').select('n').execute(), [{ n: 1 }]);
    } finally {
      await memory.close();
    }
  });
});
