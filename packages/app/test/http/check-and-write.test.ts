/**
 * Issue 8, item 4: PATCH, DELETE and status changes decide and write in ONE serializable
 * transaction, so a revocation that commits between the check and the write cannot be outrun.
 * The interleaving is forced: a concurrent transaction revokes the caller's grants and holds
 * the experiment's row lock until the request, having decided "allowed", waits on it; then the
 * revocation commits. A check outside the write's transaction would let the write through
 * (200); one transaction aborts, and its retry on the server (issue 19) decides again on the
 * committed revocation: 404 (the experiment is no longer visible to the caller), never 200.
 *
 * Over HTTP on PostgreSQL, and through the domain's transaction with the revocation committed
 * by another process. On SQLite the interleaving cannot exist: a transaction begins with
 * `BEGIN IMMEDIATE` (the file's write lock), so the test shows that no other process can begin
 * a write while the decision is taken (and a stale read snapshot would be SQLITE_BUSY_SNAPSHOT,
 * retried like PostgreSQL's conflict).
 */
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, test } from 'node:test';
import SQLite from 'better-sqlite3';
import { sql } from 'kysely';
import { AuthzError } from '@batterydb/authz';
import { DIALECTS } from '../../../../test-support/databases.ts';
import { createExperiments } from '../../src/experiments/create-experiments.ts';
import { inExperimentTransaction } from '../../src/experiments/experiment-transaction.ts';
import { getExperiment } from '../../src/experiments/get-experiment.ts';
import { shareExperiment } from '../../src/experiments/share-experiment.ts';
import { makeUser, testServer, type TestServer } from './support/server.ts';

const VIEW = 'batterydb.view_experiment';
const CHANGE = 'batterydb.change_experiment';
const DELETE = 'batterydb.delete_experiment';
const STATUS = 'batterydb.change_experiment_status';

for (const dialect of DIALECTS.filter((d) => d === 'postgres')) {
  describe(`a revocation cannot slip between check and write (${dialect})`, () => {
    let s: TestServer;
    let owner: number;
    let colleague: number;
    let token: string;
    before(async () => {
      s = await testServer(dialect);
      owner = (await makeUser(s.authz, 'owner', { perms: ['batterydb.add_experiment'] })).id;
      colleague = (await makeUser(s.authz, 'colleague')).id;
      token = (await s.authz.createApiToken(colleague, { name: 'race', expiresAt: null })).token;
    });
    after(() => s.close());

    /** Requests waiting for a row lock on `experiment` (the request under test, once it decided). */
    const waiting = async () =>
      Number(
        (
          await sql<{ n: number }>`select count(*) as n from pg_stat_activity
            where datname = current_database() and wait_event_type = 'Lock'`.execute(s.db)
        ).rows[0]!.n,
      );

    const cases = [
      { name: 'PATCH', method: 'PATCH', path: '', payload: { description: 'late' } },
      { name: 'DELETE', method: 'DELETE', path: '', payload: undefined },
      { name: 'status', method: 'PUT', path: '/status', payload: { status: 'public' } },
    ] as const;

    for (const c of cases)
      test(`${c.name}: decided before the revocation committed, it fails instead of writing`, async () => {
        const id = Number((await createExperiments(s.authz, owner, [{ title: `race ${c.name}` }]))[0]!.id);
        for (const perm of [VIEW, CHANGE, DELETE, STATUS] as const)
          await s.authz.experiments.assign({ user: colleague }, perm, id);
        // The transaction returns the request still running (wrapped, so it is not awaited inside).
        const { request } = await s.db
          .transaction()
          .setIsolationLevel('serializable')
          .execute(async (trx) => {
            // The revoker reads the experiment (as the sharing path does) and holds its row.
            await trx.selectFrom('experiment').select('id').where('id', '=', id).forUpdate().execute();
            await trx.deleteFrom('experiment_user_grant').where('object_id', '=', id).execute();
            const pending = s.app.inject({
              method: c.method,
              url: `/api/experiments/${id}${c.path}`,
              headers: { authorization: `Bearer ${token}` },
              ...(c.payload ? { payload: c.payload } : {}),
            });
            // Wait (bounded) until the request has decided and waits for the row: then commit.
            for (let i = 0; i < 500 && (await waiting()) === 0; i += 1) await sleep(10);
            assert.ok((await waiting()) > 0, 'the request never reached its write');
            return { request: pending };
          });
        const response = await request;
        assert.equal(response.statusCode, 404, `${c.name}: ${response.body}`);
        const row = await s.db
          .selectFrom('experiment')
          .select(['description', 'status'])
          .where('id', '=', id)
          .executeTakeFirst();
        assert.deepEqual(row, { description: '', status: 'private' }, 'nothing was written');
      });
  });
}

for (const dialect of DIALECTS)
  describe(`decide-then-write on experiments is one transaction (${dialect})`, () => {
    let s: TestServer;
    let owner: number;
    let colleague: number;
    before(async () => {
      s = await testServer(dialect);
      owner = (await makeUser(s.authz, 'owner', { perms: ['batterydb.add_experiment'] })).id;
      colleague = (await makeUser(s.authz, 'colleague')).id;
    });
    after(() => s.close());

    const sharedExperiment = async () => {
      const id = Number((await createExperiments(s.authz, owner, [{ title: 'raced' }]))[0]!.id);
      await s.authz.experiments.assign({ user: colleague }, VIEW, id);
      await s.authz.experiments.assign({ user: colleague }, CHANGE, id);
      return id;
    };

    if (dialect === 'postgres')
      test('a revocation committed by another process between decision and write aborts the write; the retry decides again (404)', async () => {
        const other = await s.anotherProcess();
        const id = await sharedExperiment();
        const caller = (await s.authz.loadSubject(colleague))!;
        await assert.rejects(
          inExperimentTransaction(s.authz, caller, async (t) => {
            await getExperiment(t, t.db, t.caller, id, CHANGE);
            // Meanwhile the owner revokes through the sharing path of another process, which commits.
            const ownerSubject = (await other.authz.loadSubject(owner))!;
            await shareExperiment(
              other.authz,
              ownerSubject,
              id,
              { holder: { user: colleague }, permissions: [CHANGE, VIEW] },
              'revoke',
            );
            await t.experiments.update(sql`id = ${id}`, { description: 'late' });
          }),
          (error: unknown) => error instanceof AuthzError && error.code === 'NOT_FOUND',
        );
        const row = await s.db
          .selectFrom('experiment')
          .select('description')
          .where('id', '=', id)
          .executeTakeFirst();
        assert.deepEqual(row, { description: '' });
        assert.equal(await s.authz.experiments.hasPerm(colleague, CHANGE, id), false);
      });
    else
      test('the deciding transaction holds the write lock from its first statement: no revocation can commit in between', async () => {
        const id = await sharedExperiment();
        const file = (await sql<{ file: string }>`pragma database_list`.execute(s.db)).rows[0]!.file;
        const caller = (await s.authz.loadSubject(colleague))!;
        await inExperimentTransaction(s.authz, caller, async (t) => {
          await getExperiment(t, t.db, t.caller, id, CHANGE);
          // Another process (a second handle, not waiting): it cannot even begin a write.
          const revoker = new SQLite(file, { timeout: 0 });
          try {
            assert.throws(() => revoker.exec('begin immediate'), { code: 'SQLITE_BUSY' });
          } finally {
            revoker.close();
          }
          await t.experiments.update(sql`id = ${id}`, { description: 'in time' });
        });
        assert.equal(
          (await s.db.selectFrom('experiment').select('description').where('id', '=', id).executeTakeFirst())
            ?.description,
          'in time',
        );
      });
  });
