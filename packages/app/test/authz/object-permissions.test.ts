import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { AuthzError } from '@batterydb/authz';
import { DIALECTS } from '../../../../test-support/databases.ts';
import { createAppAuthz } from '../../src/authz/create-app-authz.ts';
import { parseDatabaseUrl } from '../../src/config/database-url.ts';
import { connect } from '../../src/db/connect.ts';
import { createExperiments } from '../../src/experiments/create-experiments.ts';
import { appDatabase } from '../support/app-db.ts';

const VIEW = 'batterydb.view_experiment';
const CHANGE = 'batterydb.change_experiment';

for (const dialect of DIALECTS) {
  describe(`object permissions (${dialect})`, () => {
    let app: Awaited<ReturnType<typeof appDatabase>>;
    let owner: number;
    let other: number;
    before(async () => {
      app = await appDatabase(dialect);
      const contributor = (await app.authz.findGroupByName('Contributor'))!;
      owner = (await app.authz.createUser({ username: 'olivia' })).id;
      other = (await app.authz.createUser({ username: 'oscar' })).id;
      await app.authz.addMember(contributor.id, owner);
    });
    after(() => app.close());

    test('a deleted object takes its grants with it; a new object with the same id has none', async () => {
      const [e] = await createExperiments(app.authz, owner, [{ title: 'to delete' }]);
      const id = Number(e!.id);
      await app.authz.experiments.assign({ user: other }, VIEW, id);
      assert.equal(await app.authz.experiments.hasPerm(other, VIEW, id), true);
      await app.authz.experiments.delete(sql`id = ${id}`);
      const left = await app.connection.db
        .selectFrom('experiment_user_grant')
        .selectAll()
        .where('object_id', '=', id)
        .execute();
      assert.deepEqual(left, []);
      const now = Date.now();
      await app.authz.experiments.create([
        { id, title: 'reused id', status: 'private', owner_id: owner, created_at: now, updated_at: now },
      ]);
      assert.equal(await app.authz.experiments.hasPerm(other, VIEW, id), false);
    });

    test('bad grants are typed errors naming what is wrong, and write nothing', async () => {
      const [e] = await createExperiments(app.authz, owner, [{ title: 'bad input' }]);
      const id = Number(e!.id);
      const cases: [() => Promise<unknown>, string, string][] = [
        [
          () => app.authz.experiments.assign({ user: other }, 'auth.view_user' as never, id),
          'INVALID_INPUT',
          'permission',
        ],
        [
          () => app.authz.experiments.assign({ user: other }, 'batterydb.fly' as never, id),
          'INVALID_INPUT',
          'permission',
        ],
        [() => app.authz.experiments.assign({ user: other }, VIEW, [id, 987_654]), 'NOT_FOUND', 'objects'],
        [() => app.authz.experiments.assign({ user: 987_654 }, VIEW, id), 'NOT_FOUND', 'user'],
        [() => app.authz.experiments.assign({ group: 987_654 }, VIEW, id), 'NOT_FOUND', 'group'],
        [() => app.authz.experiments.assign({ user: other }, VIEW, [id, -1]), 'INVALID_INPUT', 'objects'],
      ];
      for (const [attempt, code, field] of cases)
        await assert.rejects(
          attempt,
          (err: unknown) => err instanceof AuthzError && err.code === code && err.field === field,
        );
      const rows = await app.connection.db
        .selectFrom('experiment_user_grant')
        .selectAll()
        .where('object_id', '=', id)
        .execute();
      assert.deepEqual(rows, []);
    });

    test('assigning to many objects is idempotent and moves the expiry; expired grants never count', async () => {
      const created = await createExperiments(app.authz, owner, [
        { title: 'a' },
        { title: 'b' },
        { title: 'c' },
      ]);
      const ids = created.map((r) => Number(r.id));
      assert.equal(await app.authz.experiments.assign({ user: other }, VIEW, ids), 3);
      assert.equal(await app.authz.experiments.assign({ user: other }, VIEW, ids), 3);
      assert.equal((await app.authz.experiments.count(other, VIEW)) >= 3, true);
      await app.authz.experiments.assign({ user: other }, VIEW, ids, {
        expiresAt: new Date(Date.now() - 1000),
      });
      for (const id of ids) assert.equal(await app.authz.experiments.hasPerm(other, VIEW, id), false);
      const explanation = await app.authz.experiments.explain(other, VIEW, ids[0]!);
      assert.deepEqual(explanation, { allowed: false, why: 'grant-expired' });
      assert.equal(await app.authz.experiments.remove({ user: other }, VIEW, ids), 3);
    });

    test('who may do what, and why', async () => {
      const [e] = await createExperiments(app.authz, owner, [{ title: 'shared' }]);
      const id = Number(e!.id);
      const lab = await app.authz.createGroup('Lab B');
      await app.authz.experiments.assign({ group: lab.id }, CHANGE, id);
      await app.authz.addMember(lab.id, other);
      const { users } = await app.authz.experiments.usersWithPerms(id);
      const olivia = users.find((u) => u.holder.username === 'olivia')!;
      // add_experiment comes from the Contributor role at model level, which counts on every object (SPEC §3.2).
      assert.deepEqual(
        olivia.permissions.map((p) => p.perm),
        ['batterydb.add_experiment', 'batterydb.change_experiment', 'batterydb.delete_experiment', VIEW],
      );
      const oscar = users.find((u) => u.holder.username === 'oscar')!;
      assert.deepEqual(oscar.permissions, [
        { perm: CHANGE, sources: [{ kind: 'grant', group: 'Lab B', expiresAt: null }] },
      ]);
      const groups = await app.authz.experiments.groupsWithPerms(id);
      assert.ok(
        groups.some(
          (g) =>
            g.holder.name === 'Maintainer' &&
            g.permissions.some((p) => p.sources.some((s) => s.kind === 'rule')),
        ),
      );
      assert.deepEqual(await app.authz.experiments.explain(other, CHANGE, id), {
        allowed: true,
        reasons: [{ kind: 'grant', group: 'Lab B', expiresAt: null }],
      });
      assert.deepEqual([...(await app.authz.experiments.getPerms(other, id))], [CHANGE]);
    });

    test('hooks run for single and bulk writes inside the transaction; a failing hook rolls the write back', async () => {
      const seen: string[] = [];
      const policy = app.authz.experiments.policy;
      const { createAuthz } = await import('@batterydb/authz');
      const { registry } = await import('../../src/authz/registry.ts');
      const hooked = createAuthz({
        db: app.connection.db,
        registry,
        policies: [policy],
        hooks: [
          {
            policy,
            hooks: {
              afterCreate: (_tx, rows, trx) => {
                seen.push(`create:${rows.length}:${trx.isTransaction}`);
                return Promise.resolve();
              },
              afterUpdate: (_tx, rows, trx) => {
                seen.push(`update:${rows.length}:${trx.isTransaction}`);
                if (rows.some((r) => r.title === 'forbidden'))
                  return Promise.reject(new Error('hook says no'));
                return Promise.resolve();
              },
            },
          },
        ],
      }).objects(policy);
      const now = Date.now();
      const rows = await hooked.create(
        [1, 2, 3].map((n) => ({
          title: `h${n}`,
          status: 'private',
          owner_id: owner,
          created_at: now,
          updated_at: now,
        })),
      );
      const ids = rows.map((r) => Number(r.id));
      await hooked.update(sql`id in (${sql.join(ids)})`, { status: 'public' });
      await assert.rejects(hooked.update(sql`id = ${ids[0]!}`, { title: 'forbidden' }), /hook says no/);
      const first = await app.connection.db
        .selectFrom('experiment')
        .select('title')
        .where('id', '=', ids[0]!)
        .executeTakeFirstOrThrow();
      assert.equal(first.title, 'h1');
      assert.deepEqual(seen, ['create:3:true', 'update:3:true', 'update:1:true']);
    });

    test('freshness: a revoke in one process is seen by the next check and list in another', async () => {
      const second = await connect(parseDatabaseUrl(app.database.url));
      try {
        const elsewhere = createAppAuthz(second.db);
        const [e] = await createExperiments(app.authz, owner, [{ title: 'fresh' }]);
        const id = Number(e!.id);
        const listed = async () =>
          (
            await second.db
              .selectFrom('experiment as e')
              .select('e.id')
              .where('e.id', '=', id)
              .where(await elsewhere.experiments.accessible(other, VIEW, 'e'))
              .execute()
          ).length;
        await app.authz.experiments.assign({ user: other }, VIEW, id);
        assert.equal(await elsewhere.experiments.hasPerm(other, VIEW, id), true);
        assert.equal(await listed(), 1);
        await app.authz.experiments.remove({ user: other }, VIEW, id);
        assert.equal(await elsewhere.experiments.hasPerm(other, VIEW, id), false);
        assert.equal(await listed(), 0);
        // Membership and rule inputs too: join a role, then flip the status.
        const readers = (await app.authz.findGroupByName('Read only'))!;
        await app.authz.addMember(readers.id, other);
        await app.authz.experiments.update(sql`id = ${id}`, { status: 'public' });
        assert.equal(await elsewhere.experiments.hasPerm(other, VIEW, id), true);
        assert.equal(await listed(), 1);
        await app.authz.removeMember(readers.id, other);
        assert.equal(await elsewhere.experiments.hasPerm(other, VIEW, id), false);
        assert.equal(await listed(), 0);
        await app.authz.updateUser(owner, { isActive: false });
        assert.equal(await elsewhere.experiments.hasPerm(owner, VIEW, id), false);
        await app.authz.updateUser(owner, { isActive: true });
      } finally {
        await second.close();
      }
    });

    test('warm checks decide synchronously, refuse to decide on stale data, and on rows not warmed', async () => {
      const [mine, shared, unshared] = await createExperiments(app.authz, owner, [
        { title: 'warm mine' },
        { title: 'warm shared' },
        { title: 'warm unshared' },
      ]);
      const rowOf = async (id: number) =>
        (await app.connection.db
          .selectFrom('experiment')
          .select(['id', 'owner_id', 'status'])
          .where('id', '=', id)
          .executeTakeFirst())!;
      const [a, b, c] = await Promise.all([mine, shared, unshared].map((e) => rowOf(Number(e!.id))));
      await app.authz.experiments.assign({ user: other }, CHANGE, b!.id);
      const subject = (await app.authz.loadSubject(other))!;
      const checks = await app.authz.experiments.warm(subject);
      assert.deepEqual(
        [a, b, c].map((row) => [checks.has(VIEW, row!), checks.has(CHANGE, row!)]),
        [
          [false, false],
          [false, true],
          [false, false],
        ],
      );
      assert.equal((await app.authz.experiments.warm(owner)).has(CHANGE, a!), true);
      // Only some objects warmed: a row outside them that a grant would decide is refused.
      const some = await app.authz.experiments.warm(subject, { objects: [b!.id] });
      assert.equal(some.has(CHANGE, b!), true);
      assert.throws(
        () => some.has(CHANGE, c!),
        (e: unknown) => e instanceof AuthzError && e.field === 'objects',
      );
      // Any authorization write through the kit makes them stale: deciding would be wrong.
      await app.authz.experiments.remove({ user: other }, CHANGE, b!.id);
      assert.throws(
        () => checks.has(CHANGE, b!),
        (e: unknown) => e instanceof AuthzError && e.code === 'CONFLICT',
      );
      assert.equal((await app.authz.experiments.warm(subject)).has(CHANGE, b!), false);
    });

    test('keyset pagination walks every visible experiment once, newest first, ties by id', async () => {
      const reader = (await app.authz.createUser({ username: 'paging' })).id;
      const readers = (await app.authz.findGroupByName('Read only'))!;
      await app.authz.addMember(readers.id, reader);
      const created = await createExperiments(
        app.authz,
        owner,
        Array.from({ length: 7 }, (_, i) => ({ title: `page ${i}` })),
      );
      const ids = created.map((r) => Number(r.id));
      await app.authz.experiments.update(sql`id in (${sql.join(ids)})`, { status: 'public' });
      // Creation times out of id order, with ties, so both the order and the tie-break show.
      const times = [5, 3, 3, 9, 1, 3, 7];
      for (const [i, id] of ids.entries())
        await app.connection.db
          .updateTable('experiment')
          .set({ created_at: times[i]! })
          .where('id', '=', id)
          .execute();
      // What the reader may see, computed without the list: every public experiment.
      const expected = (
        await app.connection.db
          .selectFrom('experiment')
          .select(['id', 'created_at'])
          .where('status', '=', 'public')
          .execute()
      )
        .sort((a, b) => b.created_at - a.created_at || b.id - a.id)
        .map((r) => r.id);
      const seen: number[] = [];
      let after = null;
      do {
        const page: Awaited<ReturnType<typeof app.authz.experiments.list>> = await app.authz.experiments.list(
          reader,
          VIEW,
          { orderBy: 'created_at', direction: 'desc', limit: 3, after },
        );
        assert.ok(page.items.length <= 3);
        seen.push(...page.items.map((r) => Number(r.id)));
        after = page.next;
      } while (after);
      assert.deepEqual(seen, expected);
      assert.equal(await app.authz.experiments.count(reader, VIEW), expected.length);
      assert.deepEqual(
        seen.filter((id) => ids.includes(id)),
        [ids[3], ids[6], ids[0], ids[5], ids[2], ids[1], ids[4]],
        'created_at 9, 7, 5, then the three 3s by id descending, then 1',
      );
    });
  });
}
