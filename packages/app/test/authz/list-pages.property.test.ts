/**
 * The experiment list read as array rows, page and total in one statement (issue 12), against
 * a plain reference query: on random data, for every user, sort, page size, total mode and
 * with or without a filter, paging with the cursors hands out exactly the visible experiments,
 * in order, each once, with the same fields, and every page says the same total. Without a
 * filter the statement is the precompiled one (values bound into SQL compiled once per shape);
 * with one it is built per request: both are covered, and an empty page after a cursor (which
 * has no row to carry the total) too.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type SqlBool, sql } from 'kysely';
import fc from 'fast-check';
import { DIALECTS } from '../../../../test-support/databases.ts';
import { toExperimentJson } from '../../src/experiments/experiment-json.ts';
import {
  type ExperimentQuery,
  findExperiments,
  SORT_KEYS,
  type SortKey,
} from '../../src/experiments/find-experiments.ts';
import { appDatabase } from '../support/app-db.ts';

const SORTS = Object.keys(SORT_KEYS).flatMap((k) => [k, `-${k}`]);

const world = fc.record({
  users: fc.array(
    fc.record({
      isActive: fc.integer({ min: 0, max: 5 }).map((n) => n !== 0),
      groups: fc.subarray(['Read only', 'Maintainer']),
    }),
    { minLength: 1, maxLength: 4 },
  ),
  // Few distinct titles and times: ties, which the id must break.
  experiments: fc.array(
    fc.record({
      owner: fc.nat(3),
      status: fc.constantFrom('private' as const, 'public' as const),
      title: fc.constantFrom('a', 'b', 'c'),
      created: fc.nat(2),
      updated: fc.nat(2),
    }),
    { maxLength: 9 },
  ),
  grants: fc.array(fc.record({ user: fc.nat(3), experiment: fc.nat(8) }), { maxLength: 3 }),
  query: fc.record({
    sort: fc.constantFrom(...SORTS),
    limit: fc.integer({ min: 1, max: 4 }),
    total: fc.constantFrom('exact' as const, 'estimate' as const, 'none' as const),
    status: fc.constantFrom(undefined, 'private' as const, 'public' as const),
  }),
});

const RUNS = Number(process.env.PROPERTY_RUNS_LIST_PAGES ?? 40);

for (const dialect of DIALECTS) {
  describe(`list pages ≡ a plain query, with and without filters (${dialect})`, () => {
    let app: Awaited<ReturnType<typeof appDatabase>>;
    before(async () => {
      app = await appDatabase(dialect);
    });
    after(() => app.close());

    test(`${RUNS} random worlds`, async () => {
      const { authz } = app;
      const db = app.connection.db;
      const groups = new Map<string, number>();
      for (const name of ['Read only', 'Maintainer'])
        groups.set(name, (await authz.findGroupByName(name))!.id);
      let run = 0;
      await fc.assert(
        fc.asyncProperty(world, async (w) => {
          run += 1;
          try {
            const userIds: number[] = [];
            for (const [i, u] of w.users.entries()) {
              const user = await authz.createUser({ username: `l${run}u${i}`, isActive: u.isActive });
              for (const g of u.groups) await authz.addMember(groups.get(g)!, user.id);
              userIds.push(user.id);
            }
            const rows = w.experiments.length
              ? await authz.experiments.create(
                  w.experiments.map((e) => ({
                    title: e.title,
                    status: e.status,
                    owner_id: userIds[e.owner % userIds.length]!,
                    created_at: 1_700_000_000_000 + e.created,
                    updated_at: 1_700_000_000_000 + e.updated,
                  })),
                )
              : [];
            const expIds = rows.map((r) => Number(r.id));
            for (const g of w.grants)
              if (g.experiment < expIds.length && g.user < userIds.length)
                await authz.experiments.assign(
                  { user: userIds[g.user]! },
                  'batterydb.view_experiment',
                  expIds[g.experiment]!,
                );

            const { sort, limit, total, status } = w.query;
            const key = (sort.startsWith('-') ? sort.slice(1) : sort) as SortKey;
            const direction = sort.startsWith('-') ? 'desc' : 'asc';
            for (const who of [...userIds, null]) {
              const caller = who === null ? null : await authz.loadSubject(who);
              const raw = await db
                .selectFrom('experiment as e')
                .innerJoin('authz_user as u', 'u.id', 'e.owner_id')
                .selectAll('e')
                .select('u.username as owner_username')
                .where(await authz.experiments.accessible(who, 'batterydb.view_experiment', 'e'))
                .$if(status !== undefined, (q) => q.where(sql<SqlBool>`e.status = ${status}`))
                .orderBy(`e.${SORT_KEYS[key]}`, direction)
                .orderBy('e.id', direction)
                .execute();
              // No files in these worlds, so no cells: every row counts 0.
              // List rows carry no citation (the experiment's own page does): drop it from the reference.
              const expected = raw.map((r) => {
                const { citation: _citation, ...item } = toExperimentJson(r, r.owner_username);
                return { ...item, cellCount: 0 };
              });
              const seen: unknown[] = [];
              let cursor: string | undefined;
              for (let page = 0; ; page++) {
                assert.ok(page <= expected.length, 'the cursors end');
                const query: ExperimentQuery = {
                  sort,
                  limit,
                  total,
                  ...(status ? { status } : {}),
                  ...(cursor ? { cursor } : {}),
                };
                const got = await findExperiments(authz, db, caller, query);
                assert.equal(got.total, total === 'none' ? null : expected.length, `total (${total})`);
                assert.equal(got.totalExact, total !== 'none');
                seen.push(...got.items);
                if (got.nextCursor === null) break;
                cursor = got.nextCursor;
              }
              assert.deepEqual(seen, expected);
              const last = raw.at(-1);
              if (last) {
                // A cursor past the last row (the rows after it went away): an empty page, which
                // has no row to carry the total, still says it.
                const past = Buffer.from(JSON.stringify([sort, last[SORT_KEYS[key]], last.id])).toString(
                  'base64url',
                );
                const empty = await findExperiments(authz, db, caller, {
                  sort,
                  limit,
                  total,
                  ...(status ? { status } : {}),
                  cursor: past,
                });
                assert.deepEqual(empty.items, []);
                assert.equal(empty.nextCursor, null);
                assert.equal(empty.total, total === 'none' ? null : expected.length);
              }
            }
          } finally {
            await authz.experiments.delete(sql<SqlBool>`true`);
          }
        }),
        { numRuns: RUNS },
      );
    });
  });
}
