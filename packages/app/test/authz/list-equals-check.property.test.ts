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
 * statuses), grants to users and groups (live, expired, open-ended; change/delete grants count
 * on private experiments only) and deletions, on every dialect.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import fc from 'fast-check';
import { DIALECTS } from '../../../../test-support/databases.ts';
import { createAppAuthz } from '../../src/authz/create-app-authz.ts';
import type { Perm } from '../../src/authz/registry.ts';
import { appDatabase } from '../support/app-db.ts';

const PERMS = [
  'batterydb.view_experiment',
  'batterydb.change_experiment',
  'batterydb.delete_experiment',
  'batterydb.change_experiment_status',
] as const satisfies Perm[];
const GROUPS = ['Read only', 'Contributor', 'Maintainer', 'custom'] as const;
type GroupName = (typeof GROUPS)[number];

const world = fc.record({
  users: fc.array(
    fc.record({
      isActive: fc.integer({ min: 0, max: 5 }).map((n) => n !== 0),
      isSuperuser: fc.integer({ min: 0, max: 9 }).map((n) => n === 0),
      groups: fc.subarray([...GROUPS]),
      direct: fc.subarray([...PERMS], { maxLength: 1 }),
    }),
    { minLength: 1, maxLength: 5 },
  ),
  experiments: fc.array(
    fc.record({ owner: fc.nat(4), status: fc.constantFrom('private' as const, 'public' as const) }),
    { minLength: 1, maxLength: 8 },
  ),
  grants: fc.array(
    fc.record({
      to: fc.oneof(fc.record({ user: fc.nat(4) }), fc.record({ group: fc.constantFrom(...GROUPS) })),
      perm: fc.constantFrom(...PERMS),
      experiment: fc.nat(7),
      expiry: fc.constantFrom('none' as const, 'past' as const, 'future' as const),
    }),
    { maxLength: 10 },
  ),
  deleted: fc.array(fc.nat(7), { maxLength: 2 }),
});

type World = typeof world extends fc.Arbitrary<infer W> ? W : never;

/** SPEC §3.2–3.3 in plain TypeScript. `u` null = signed-out visitor. */
function reference(
  w: World,
  live: (g: World['grants'][number]) => boolean,
  u: number | null,
  perm: string,
  e: number,
  anonymousRead: boolean,
): boolean {
  const exp = w.experiments[e]!;
  if (u === null) return anonymousRead && perm === PERMS[0] && exp.status === 'public';
  const user = w.users[u]!;
  if (!user.isActive) return false;
  if (user.isSuperuser) return true;
  const groupPerms: Record<GroupName, string[]> = {
    'Read only': [],
    Contributor: ['batterydb.add_experiment'],
    Maintainer: [...PERMS, 'batterydb.add_experiment'],
    custom: [],
  };
  if ((user.direct as string[]).includes(perm) || user.groups.some((g) => groupPerms[g].includes(perm)))
    return true;
  if (
    exp.owner === u &&
    (perm === PERMS[0] || (exp.status === 'private' && (perm === PERMS[1] || perm === PERMS[2])))
  )
    return true;
  if (user.groups.includes('Maintainer') && perm !== PERMS[3]) return true;
  if (
    perm === PERMS[0] &&
    exp.status === 'public' &&
    user.groups.some((g) => g === 'Read only' || g === 'Contributor')
  )
    return true;
  // Public data is curated: grants of change and delete count while the experiment is private.
  if ((perm === PERMS[1] || perm === PERMS[2]) && exp.status !== 'private') return false;
  return w.grants.some(
    (g) =>
      g.experiment === e &&
      g.perm === perm &&
      live(g) &&
      ('user' in g.to ? g.to.user === u : user.groups.includes(g.to.group)),
  );
}

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
      const groupIds = new Map<string, number>();
      for (const name of ['Read only', 'Contributor', 'Maintainer'])
        groupIds.set(name, (await authz.findGroupByName(name))!.id);
      let run = 0;
      let compared = 0;
      await fc.assert(
        fc.asyncProperty(world, async (w) => {
          run += 1;
          const now = authz.now().getTime();
          groupIds.set('custom', (await authz.createGroup(`custom ${run}`)).id);
          const userIds: number[] = [];
          const expIds: number[] = [];
          try {
            for (const [i, u] of w.users.entries()) {
              const user = await authz.createUser({
                username: `p${run}u${i}`,
                isActive: u.isActive,
                isSuperuser: u.isSuperuser,
              });
              for (const g of u.groups) await authz.addMember(groupIds.get(g)!, user.id);
              await authz.addUserPerms(user.id, u.direct);
              userIds.push(user.id);
            }
            const rows = await authz.experiments.create(
              w.experiments.map((e, i) => ({
                title: `e${i}`,
                status: e.status,
                owner_id: userIds[e.owner % userIds.length]!,
                created_at: now,
                updated_at: now,
              })),
            );
            expIds.push(...rows.map((r) => Number(r.id)));
            // Owners by index, as the reference sees them.
            w.experiments.forEach((e) => (e.owner = e.owner % userIds.length));
            const live = (g: World['grants'][number]) => g.expiry !== 'past';
            const grants = w.grants.filter(
              (g) => g.experiment < expIds.length && (!('user' in g.to) || g.to.user < userIds.length),
            );
            for (const g of grants) {
              const holder =
                'user' in g.to ? { user: userIds[g.to.user]! } : { group: groupIds.get(g.to.group)! };
              const expiresAt =
                g.expiry === 'none' ? null : new Date(now + (g.expiry === 'past' ? -60_000 : 3_600_000));
              await authz.experiments.assign(holder, g.perm, expIds[g.experiment]!, { expiresAt });
            }
            const gone = new Set(w.deleted.filter((d) => d < expIds.length));
            if (gone.size)
              await authz.experiments.delete(sql`id in (${sql.join([...gone].map((d) => expIds[d]!))})`);
            // Granting again replaces the earlier grant's expiry (assign is an upsert): the last one wins.
            const lastGrants = [
              ...new Map(grants.map((g) => [JSON.stringify([g.to, g.perm, g.experiment]), g])).values(),
            ];
            const ref: World = { ...w, grants: lastGrants.filter((g) => !gone.has(g.experiment)) };

            const remaining = expIds.map((id, i) => ({ id, i })).filter((x) => !gone.has(x.i));
            const inRun = sql<boolean>`e.id in (${sql.join(expIds)})`;
            const allowedUsers = new Map<string, number[]>();
            const rowById = new Map(
              (
                await app.connection.db
                  .selectFrom('experiment')
                  .select(['id', 'owner_id', 'status'])
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
            const db = app.connection.db;
            await db
              .deleteFrom('experiment')
              .where('id', 'in', [...expIds, -1])
              .execute();
            await db
              .deleteFrom('authz_user')
              .where('id', 'in', [...userIds, -1])
              .execute();
            await db.deleteFrom('authz_group').where('id', '=', groupIds.get('custom')!).execute();
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
