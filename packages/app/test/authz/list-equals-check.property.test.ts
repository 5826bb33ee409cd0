/**
 * One decision, four views (SPEC §3.4, issue 8): on random data, for every user (and the
 * signed-out visitor), permission and experiment,
 *   check (cold, by ids: one statement)  ≡  reference model of SPEC §3.2–3.3 (curated grants included)
 *   check on a loaded Subject (user row, permissions, object row, grants: several statements)  ≡  check
 *   the synchronous warm check on loaded rows  ≡  check
 *   list (`accessible`)  ≡  check, and `checkMany` on loaded rows ≡ check
 *   explain(u,p,o).allowed  ≡  check (on a loaded Subject: the warm path)
 *   who-has(p,o)  ≡  {u : check(u,p,o)}
 * Random users (flags, roles, a custom group, direct model permissions), experiments (owners,
 * statuses, open release), grants to users and groups (live, expired, open-ended; change/delete grants count
 * on private experiments only) and deletions, on every dialect.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import fc from 'fast-check';
import { DIALECTS } from '../../../../test-support/databases.ts';
import { createAppAuthz } from '../../src/authz/create-app-authz.ts';
import { appDatabase } from '../support/app-db.ts';
import { PERMS, reference, world } from './support/decision-world.ts';
import { roleGroupIds, storeWorld } from './support/decision-world-db.ts';

const RUNS = Number(process.env.PROPERTY_RUNS_LIST ?? 150);

for (const dialect of DIALECTS) {
  describe(`one decision, four views: check ≡ reference, list, explain, who-has (${dialect})`, () => {
    let app: Awaited<ReturnType<typeof appDatabase>>;
    before(async () => {
      app = await appDatabase(dialect);
    });
    after(() => app.close());

    test(`${RUNS} random worlds`, async () => {
      const { authz } = app;
      const visitors = createAppAuthz(app.connection.db, { anonymousRead: true });
      const groupIds = await roleGroupIds(authz);
      let run = 0;
      let compared = 0;
      await fc.assert(
        fc.asyncProperty(world, async (w) => {
          run += 1;
          const stored = await storeWorld(authz, app.connection.db, groupIds, w, run);
          const { userIds, expIds, ref, remaining, live } = stored;
          try {
            const inRun = sql<boolean>`e.id in (${sql.join(expIds)})`;
            const allowedUsers = new Map<string, number[]>();
            const rowById = new Map(
              (
                await app.connection.db
                  .selectFrom('experiment')
                  .select(['id', 'owner_id', 'status', 'open_release'])
                  .where('id', 'in', [...expIds, -1])
                  .execute()
              ).map((r) => [r.id, r]),
            );
            for (const [kit, anonymousRead] of [
              [authz, false],
              [visitors, true],
            ] as const) {
              for (const u of [...userIds.keys(), null]) {
                if (u !== null && kit === visitors) continue;
                const who = u === null ? null : userIds[u]!;
                const loaded = who === null ? null : await kit.loadSubject(who);
                const warm = await kit.experiments.warm(loaded);
                for (const perm of PERMS) {
                  const listed = (
                    await app.connection.db
                      .selectFrom('experiment as e')
                      .select('e.id')
                      .where(inRun)
                      .where(await kit.experiments.accessible(who, perm, 'e'))
                      .execute()
                  )
                    .map((r) => r.id)
                    .sort((a, b) => a - b);
                  const checked: number[] = [];
                  for (const { id, i } of remaining) {
                    const yes = await kit.experiments.hasPerm(who, perm, id);
                    assert.equal(
                      yes,
                      reference(ref, live, u, perm, i, anonymousRead),
                      `run ${run} user ${u} ${perm} experiment ${i}`,
                    );
                    assert.equal(
                      await kit.experiments.hasPerm(loaded, perm, id),
                      yes,
                      `run ${run} user ${u} ${perm} experiment ${i}: loaded Subject ≠ one statement`,
                    );
                    assert.equal(
                      warm.has(perm, rowById.get(id)!),
                      yes,
                      `run ${run} user ${u} ${perm} experiment ${i}: warm ≠ check`,
                    );
                    const why = await kit.experiments.explain(loaded, perm, rowById.get(id)!);
                    assert.equal(
                      why.allowed,
                      yes,
                      `run ${run} user ${u} ${perm} experiment ${i}: explain ≠ check`,
                    );
                    if (yes) checked.push(id);
                    if (yes && who !== null && kit === authz) {
                      const key = `${perm} ${id}`;
                      allowedUsers.set(key, [...(allowedUsers.get(key) ?? []), who]);
                    }
                    compared += 1;
                  }
                  assert.deepEqual(listed, checked, `run ${run} user ${u} ${perm}: list ≠ check`);
                  assert.deepEqual(
                    [...(await kit.experiments.checkMany(who, perm, [...rowById.values()]))].sort(
                      (a, b) => a - b,
                    ),
                    checked,
                  );
                }
              }
            }
            // Who-has: exactly the users the check allows (rules for everyone are not expanded).
            // Each world is removed at its end, so nobody else is in the database.
            for (const { id } of remaining) {
              const { users, everyone } = await authz.experiments.usersWithPerms(id);
              for (const perm of PERMS) {
                const listed = new Set(
                  users.filter((h) => h.permissions.some((p) => p.perm === perm)).map((h) => h.holder.id),
                );
                if (everyone.some((e) => e.perm === perm))
                  for (const [i, u] of w.users.entries()) if (u.isActive) listed.add(userIds[i]!);
                assert.deepEqual(
                  [...listed].sort((a, b) => a - b),
                  (allowedUsers.get(`${perm} ${id}`) ?? []).sort((a, b) => a - b),
                  `run ${run} ${perm} experiment ${id}: who-has ≠ check`,
                );
              }
            }
          } finally {
            await stored.remove();
          }
        }),
        { numRuns: RUNS, seed: Number(process.env.PROPERTY_SEED ?? Date.now() % 2 ** 31) },
      );
      console.log(
        `  ${dialect}: ${RUNS} worlds, ${compared} object decisions compared with reference, list, explain and who-has`,
      );
    });
  });
}
