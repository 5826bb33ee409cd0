/**
 * SPEC §4 through the real HTTP routes and database, on every dialect: random worlds (made with
 * the kit) and random sequences of admin requests by random non-superuser staff, each request
 * sent with the actor's API token. After every request the database must equal the reference
 * model (the pure policy of packages/authz applied to plain data: same status class, same
 * state), the no-escalation invariants must hold on what the database holds, and the audit log
 * must have grown by one entry exactly when something changed. The pure policy itself runs on
 * 10,000 sequences in packages/authz/test/escalation.property.test.ts.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { actorHas, nameSkeleton } from '@batterydb/authz';
import fc from 'fast-check';
import { registry } from '../../src/authz/registry.ts';
import { ROLE_CONTRIBUTOR } from '../../src/authz/roles.ts';
import { ROLE_NAMES } from '../../src/accounts/admin-call.ts';
import { DIALECTS } from '../../../../test-support/databases.ts';
import { scenarioArb, type Scenario } from '../../../authz/test/support/admin-arbitraries.ts';
import { decide, resolve, type ResolvedAction } from '../../../authz/test/support/admin-world.ts';
import { apply } from '../../../authz/test/support/admin-effects.ts';
import {
  assertGroupsRespected,
  assertNoEscalation,
} from '../../../authz/test/support/escalation-invariants.ts';
import { comparable, loadWorld } from './support/db-world.ts';
import { requestFor, routePermission } from './support/admin-requests.ts';
import { testServer, type TestServer } from './support/server.ts';

const RUNS = Number(process.env.ESCALATION_HTTP_RUNS ?? 300);
const ALL = registry.permissions.map((p) => `${p.app}.${p.codename}`);
// "a" looks like "A" and "maintainer" like the role "Maintainer" (one skeleton, issue 9).
const options = {
  perms: ALL,
  groupNames: ['A', 'B', 'a', 'Maintainer', 'maintainer', ROLE_CONTRIBUTOR],
  maxActions: 8,
};

/** Makes the scenario's world in the database; returns the ids and the actors' API tokens. */
async function seed(s: TestServer, scenario: Scenario, run: number) {
  const { authz } = s;
  const contributor = (await authz.findGroupByName(ROLE_CONTRIBUTOR))!.id;
  const groupIds: number[] = [];
  let roleUsed = false;
  for (const [i, g] of scenario.groups.entries()) {
    if (g.protectedName && !roleUsed) {
      roleUsed = true;
      groupIds.push(contributor);
      continue;
    }
    const group = await authz.createGroup(`r${run}-g${i}`);
    await authz.addGroupPerms(group.id, g.perms as never[]);
    groupIds.push(group.id);
  }
  const member = async (id: number, indexes: number[]) => {
    for (const i of new Set(indexes))
      if (groupIds.length) await authz.addMember(groupIds[i % groupIds.length]!, id);
  };
  const userIds: number[] = [];
  for (const [i, u] of scenario.users.entries()) {
    const user = await authz.createUser({
      username: `r${run}u${i}`,
      isActive: u.isActive,
      isStaff: u.isStaff,
      isSuperuser: u.isSuperuser,
    });
    await authz.addUserPerms(user.id, u.own as never[]);
    await member(user.id, u.groups);
    userIds.push(user.id);
  }
  const actors: { id: number; token: string }[] = [];
  for (const [i, a] of scenario.actors.entries()) {
    const user = await authz.createUser({ username: `r${run}a${i}`, isActive: true, isStaff: true });
    await authz.addUserPerms(user.id, a.own as never[]);
    await member(user.id, a.groups);
    const { token } = await authz.createApiToken(user.id, { name: 'property test', expiresAt: null });
    if (!a.isActive) await authz.updateUser(user.id, { isActive: false });
    userIds.push(user.id);
    actors.push({ id: user.id, token });
  }
  return { userIds, groupIds, actors };
}

/** Plain-model names for new groups are made unique per run; roles and their look-alikes keep theirs. */
const ROLE_SKELETONS = new Set([...ROLE_NAMES].map(nameSkeleton));
function scoped(a: ResolvedAction, run: number): ResolvedAction {
  if ((a.op === 'createGroup' || a.op === 'renameGroup') && !ROLE_SKELETONS.has(nameSkeleton(a.name)))
    return { ...a, name: `r${run}-${a.name}` };
  return a;
}

const auditCount = async (s: TestServer, actorId: number) =>
  Number(
    (
      await s.db
        .selectFrom('authz_audit_log')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('actor_id', '=', actorId)
        .executeTakeFirstOrThrow()
    ).n,
  );

for (const dialect of DIALECTS) {
  describe(`no escalation through the admin API (${dialect})`, () => {
    let s: TestServer;
    before(async () => {
      s = await testServer(dialect);
    });
    after(() => s.close());

    test(`${RUNS} random sequences of admin requests by non-superuser staff`, async () => {
      let run = 0;
      let requests = 0;
      let allowed = 0;
      await fc.assert(
        fc.asyncProperty(scenarioArb(options), async (scenario) => {
          run += 1;
          const { userIds, groupIds, actors } = await seed(s, scenario, run);
          const versions = new Map<string, number>();
          let world = await loadWorld(s.db, userIds, groupIds, versions);
          for (const [step, { actor: pick, action }] of scenario.actions.entries()) {
            const actor = actors[pick % actors.length]!;
            const raw = resolve(world, action);
            if (!raw) continue;
            const a = scoped(raw, run);
            const request = requestFor(world, a, `r${run}s${step}`);
            if (!request) continue;
            const label = `run ${run} step ${step} actor ${actor.id} ${JSON.stringify(a)}`;
            const auditBefore = await auditCount(s, actor.id);
            const response = await s.app.inject({
              ...request,
              headers: { authorization: `Bearer ${actor.token}` },
            });
            requests += 1;
            const created = response.statusCode === 201 ? response.json<{ id: number }>().id : -1;
            if (a.op === 'createUser' && created > 0) userIds.push(created);
            if (a.op === 'createGroup' && created > 0) groupIds.push(created);
            const next = await loadWorld(s.db, userIds, groupIds, versions);

            // The reference: route access (active, staff, the route's permission), then the policy.
            const view = world.view(actor.id);
            const model = world.clone();
            let expected: 'unauthenticated' | 'forbidden' | 'conflict' | 'ok';
            if (!view.isActive) expected = 'unauthenticated';
            else if (!view.isStaff || !actorHas(view, routePermission(a))) expected = 'forbidden';
            else if (!decide(world, actor.id, a, ROLE_NAMES).allowed) expected = 'forbidden';
            else
              expected =
                apply(model, a, { nextUser: () => created, nextGroup: () => created }) === 'conflict'
                  ? 'conflict'
                  : 'ok';
            const status = { unauthenticated: 401, forbidden: 403, conflict: 409, ok: 2 }[expected];
            const got = expected === 'ok' ? Math.floor(response.statusCode / 100) : response.statusCode;
            assert.equal(
              got,
              status,
              `${label}: expected ${expected}, got ${response.statusCode} ${response.body}`,
            );
            assert.deepEqual(
              comparable(next),
              comparable(model),
              `${label}: the database differs from the model`,
            );

            assertNoEscalation(world, next, actor.id, a, ALL, label);
            assertGroupsRespected(world, next, actor.id, ALL, ROLE_NAMES, label);
            const changed =
              JSON.stringify(comparable(world)) !== JSON.stringify(comparable(next)) ||
              [...next.users.values()].some(
                (u) => world.users.get(u.id)?.passwordVersion !== u.passwordVersion,
              );
            assert.equal(
              await auditCount(s, actor.id),
              auditBefore + (changed ? 1 : 0),
              `${label}: audit entries`,
            );
            if (expected === 'ok') allowed += 1;
            world = next;
            // A password set or a deactivation ends the actor's API tokens for good (SPEC §5): an
            // actor that is active again signs in anew, as a person would.
            for (const other of actors)
              if (next.users.get(other.id)?.isActive && !(await s.authz.validateApiToken(other.token)))
                other.token = (
                  await s.authz.createApiToken(other.id, { name: 'property test', expiresAt: null })
                ).token;
          }
        }),
        { numRuns: RUNS, seed: Number(process.env.PROPERTY_SEED ?? Date.now() % 2 ** 31) },
      );
      console.log(`  ${dialect}: ${RUNS} sequences, ${requests} requests, ${allowed} allowed`);
      assert.ok(allowed > 0);
    });
  });
}
