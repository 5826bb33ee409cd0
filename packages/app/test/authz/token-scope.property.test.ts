/**
 * Scoped API tokens (SPEC §5, issue 22): on random worlds (users, roles, a custom group, direct
 * permissions, experiments, grants, deletions) and random scopes, for every user's token,
 * permission and experiment, every decision made for the token — model-level check, object
 * check (loaded Subject), warm check, explain, `checkMany` and the list filter — equals
 *   reference(user) AND scope allows it
 * so a token never allows what its user or its scope does not, and allows exactly the
 * intersection. Unscoped tokens (null) are the user's full rights. Creating a token with the
 * scope succeeds iff the user holds everything it carries. After the user loses its rights
 * (its groups, permissions and grants are taken away) the same token, authenticated again,
 * allows nothing its user no longer holds.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import fc from 'fast-check';
import type { Subject, TokenScopeEntry } from '@batterydb/authz';
import { DIALECTS } from '../../../../test-support/databases.ts';
import type { Perm } from '../../src/authz/registry.ts';
import { appDatabase } from '../support/app-db.ts';
import { modelReference, PERMS, reference, world, type World } from './support/decision-world.ts';
import { roleGroupIds, storeWorld } from './support/decision-world-db.ts';

const SCOPE_PERMS = [...PERMS, 'batterydb.add_experiment'] as const satisfies Perm[];

/** Per user: null (unscoped), or entries naming a permission on every object or on some (by index). */
const scopes = fc.array(
  fc.option(
    fc.array(
      fc.record({
        permission: fc.constantFrom(...SCOPE_PERMS),
        objects: fc.option(fc.subarray([0, 1, 2, 3, 4, 5, 6, 7], { minLength: 1 }), { nil: null }),
      }),
      { maxLength: 4 },
    ),
    { nil: null, freq: 4 },
  ),
  { minLength: 5, maxLength: 5 },
);

type Scope = { permission: string; objects: number[] | null }[] | null;

/** The scope's side, by experiment index (`e` null: the model level). */
function scopeAllows(scope: Scope, perm: string, e: number | null): boolean {
  if (scope === null) return true;
  return scope.some(
    (s) => s.permission === perm && (s.objects === null || (e !== null && s.objects.includes(e))),
  );
}

/** The reference's verdict on creating the token: the user holds every entry it carries. */
function mayCreate(
  w: World,
  live: (g: World['grants'][number]) => boolean,
  u: number,
  scope: Scope,
): boolean {
  if (scope === null) return true;
  // Entries of one permission add up: one for every object makes its object lists moot.
  const everywhere = (perm: string) => scope.some((s) => s.permission === perm && s.objects === null);
  return scope.every((s) =>
    everywhere(s.permission)
      ? modelReference(w, u, s.permission)
      : (s.objects ?? []).every(
          (e) =>
            e < w.experiments.length &&
            !w.deleted.includes(e) &&
            reference(w, live, u, s.permission, e, false),
        ),
  );
}

const RUNS = Number(process.env.PROPERTY_RUNS_TOKENS ?? 60);

for (const dialect of DIALECTS) {
  describe(`scoped API tokens: every decision is the user's AND the scope (${dialect})`, () => {
    let app: Awaited<ReturnType<typeof appDatabase>>;
    before(async () => {
      app = await appDatabase(dialect);
    });
    after(() => app.close());

    test(`${RUNS} random worlds and scopes`, async () => {
      const { authz } = app;
      const db = app.connection.db;
      const groupIds = await roleGroupIds(authz);
      let run = 0;
      let compared = 0;
      let created = 0;
      await fc.assert(
        fc.asyncProperty(world, scopes, async (w, scopeOf) => {
          run += 1;
          const stored = await storeWorld(authz, db, groupIds, w, run);
          const { userIds, expIds, ref, remaining, live } = stored;
          try {
            const rowById = new Map(
              (
                await db
                  .selectFrom('experiment')
                  .select(['id', 'owner_id', 'status', 'open_release'])
                  .where('id', 'in', [...expIds, -1])
                  .execute()
              ).map((r) => [r.id, r]),
            );
            const tokens: { u: number; secret: string; scope: Scope }[] = [];
            for (const u of userIds.keys()) {
              const scope: Scope = scopeOf[u] ?? null;
              const entries: TokenScopeEntry[] | null =
                scope?.map((s) => ({
                  permission: s.permission,
                  // Indexes past the world's experiments name ids nobody has (refused like invisible ones).
                  objects: s.objects?.map((e) => expIds[e] ?? 1e9 + e) ?? null,
                })) ?? null;
              const expect = mayCreate(ref, live, u, scope);
              const made = await authz
                .createApiToken(userIds[u]!, { name: 't', expiresAt: null, scope: entries })
                .then((t) => t.token)
                .catch((error: unknown) => error);
              assert.equal(
                typeof made === 'string',
                expect,
                `run ${run} user ${u} creating ${JSON.stringify(scope)}: ${String(made)}`,
              );
              if (typeof made === 'string') {
                tokens.push({ u, secret: made, scope });
                created += 1;
              }
            }
            const decide = async (
              subject: Subject,
              u: number,
              scope: Scope,
              refWorld: World,
              label: string,
            ) => {
              const warm = await authz.experiments.warm(subject);
              for (const perm of SCOPE_PERMS) {
                assert.equal(
                  await authz.hasPerm(subject, perm),
                  modelReference(refWorld, u, perm) && scopeAllows(scope, perm, null),
                  `${label} model level ${perm}`,
                );
                if (perm === 'batterydb.add_experiment') continue;
                const expected: number[] = [];
                for (const { id, i } of remaining) {
                  const yes: boolean =
                    reference(refWorld, live, u, perm, i, false) && scopeAllows(scope, perm, i);
                  const where: string = `${label} ${perm} experiment ${i}`;
                  assert.equal(await authz.experiments.hasPerm(subject, perm, id), yes, where);
                  assert.equal(warm.has(perm, rowById.get(id)!), yes, `${where}: warm`);
                  assert.equal(
                    (await authz.experiments.explain(subject, perm, rowById.get(id)!)).allowed,
                    yes,
                    `${where}: explain`,
                  );
                  if (yes) expected.push(id);
                  compared += 1;
                }
                const listed = (
                  await db
                    .selectFrom('experiment as e')
                    .select('e.id')
                    .where(sql<boolean>`e.id in (${sql.join(expIds)})`)
                    .where(await authz.experiments.accessible(subject, perm, 'e'))
                    .execute()
                )
                  .map((r) => r.id)
                  .sort((a, b) => a - b);
                assert.deepEqual(listed, expected, `${label} ${perm}: list`);
                const many = await authz.experiments.checkMany(subject, perm, [...rowById.values()]);
                assert.deepEqual(
                  [...many].sort((a, b) => a - b),
                  expected,
                  `${label} ${perm}: checkMany`,
                );
              }
            };
            for (const { u, secret, scope } of tokens) {
              const found = await authz.authenticateApiToken(secret);
              if (!found) continue; // an inactive user's token never authenticates
              await decide(
                found.subject,
                u,
                scope,
                ref,
                `run ${run} user ${u} scope ${JSON.stringify(scope)}`,
              );
            }
            // The user loses everything but ownership: the same tokens, fresh, follow at once.
            for (const id of userIds) {
              await authz.removeUserPerms(id, [...PERMS]);
              for (const g of groupIds.values()) await authz.removeMember(g, id);
            }
            // Grants to groups stay, but the user is no longer in them.
            const stripped: World = {
              ...ref,
              users: ref.users.map((u) => ({ ...u, groups: [], direct: [] })),
            };
            for (const { u, secret, scope } of tokens) {
              const found = await authz.authenticateApiToken(secret);
              if (!found) continue;
              await decide(found.subject, u, scope, stripped, `run ${run} user ${u} after losing roles`);
            }
          } finally {
            await stored.remove();
          }
        }),
        { numRuns: RUNS, seed: Number(process.env.PROPERTY_SEED ?? Date.now() % 2 ** 31) },
      );
      console.log(
        `  ${dialect}: ${RUNS} worlds, ${created} tokens, ${compared} object decisions compared with the reference`,
      );
    });
  });
}
