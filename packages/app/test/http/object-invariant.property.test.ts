/**
 * Issue 8's object-level invariant through the real HTTP routes and database, on every
 * dialect. Random worlds (users with roles, custom groups, staff rights; experiments; grants
 * made by the system) and random sequences of sharing and revoking, status changes, edits and
 * deletions, password resets, memberships and role removals, each sent by a random active
 * non-superuser with its API token. After every request:
 * - the status code and the state read back equal an INDEPENDENT reference model
 *   (support/object-world.ts and object-reference.ts, which never call the kit's policy);
 * - the invariants hold on what the database holds (support/object-invariants.ts): nobody
 *   holds what the actor lacked, nobody granted to itself, public data is curated, accounts
 *   acted on held nothing the actor lacked;
 * - the real decision (`accessible`, the list filter) equals the reference for every user,
 *   permission and experiment (after every request that changed something, and at the end);
 * - a grant change left one audit entry naming grantor and grantee.
 * `BATTERYDB_PROPERTY_RUNS` (default 300) sets the number of sequences per dialect.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import fc from 'fast-check';
import { sql } from 'kysely';
import { DIALECTS } from '../../../../test-support/databases.ts';
import { createExperiments } from '../../src/experiments/create-experiments.ts';
import { assertObjectInvariants } from './support/object-invariants.ts';
import { expected, type ObjectAction, requestOf } from './support/object-reference.ts';
import {
  comparableState,
  type Holder,
  loadObjectState,
  OBJECT_PERMS,
  type RefState,
} from './support/object-world.ts';
import { testServer, type TestServer } from './support/server.ts';

const RUNS = Number(process.env.BATTERYDB_PROPERTY_RUNS ?? 300);
const ROLES = ['Read only', 'Contributor', 'Maintainer'] as const;
const GROUPS = 5; // the three roles and two custom groups per run
const HOUR = 3_600_000;

const userArb = fc.record({
  inactive: fc.nat(7).map((n) => n === 0),
  superuser: fc.nat(11).map((n) => n === 0),
  staff: fc.nat(2).map((n) => n !== 0),
  admin: fc.subarray(['auth.view_user', 'auth.change_user'] as const),
  modelView: fc.nat(9).map((n) => n === 0),
  groups: fc.subarray([0, 1, 2, 3, 4], { maxLength: 2 }),
});

const holderArb = fc.oneof(fc.record({ user: fc.nat(5) }), fc.record({ group: fc.nat(GROUPS - 1) }));
const actionArb = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      op: fc.constant('share' as const),
      mode: fc.constantFrom('grant' as const, 'grant' as const, 'revoke' as const),
      experiment: fc.nat(3),
      holder: holderArb,
      perms: fc.subarray([...OBJECT_PERMS], { minLength: 1 }),
      expiry: fc.constantFrom(null, 1, 2),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      op: fc.constant('status' as const),
      experiment: fc.nat(3),
      status: fc.constantFrom('private' as const, 'public' as const),
    }),
  },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('patch' as const), experiment: fc.nat(3) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('delete' as const), experiment: fc.nat(3) }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('password' as const), target: fc.nat(5) }) },
  {
    weight: 3,
    arbitrary: fc.record({
      op: fc.constant('groups' as const),
      target: fc.nat(5),
      group: fc.nat(GROUPS - 1),
      join: fc.boolean(),
    }),
  },
);

const worldArb = fc.record({
  users: fc.array(userArb, { minLength: 3, maxLength: 5 }),
  labPerms: fc.subarray(['batterydb.add_experiment', 'auth.view_user'] as const),
  experiments: fc.array(fc.record({ owner: fc.nat(5), public: fc.boolean() }), {
    minLength: 1,
    maxLength: 3,
  }),
  grants: fc.array(
    fc.record({ holder: holderArb, experiment: fc.nat(3), perm: fc.constantFrom(...OBJECT_PERMS) }),
    { maxLength: 4 },
  ),
  steps: fc.array(fc.record({ actor: fc.nat(5), action: actionArb }), { minLength: 1, maxLength: 6 }),
});
type WorldSpec = typeof worldArb extends fc.Arbitrary<infer W> ? W : never;

interface Run {
  users: number[];
  groups: number[];
  experiments: number[];
  tokens: Map<number, string>;
}

/** Makes the world with the kit (setup, not under test): groups, users, tokens, experiments, grants. */
async function seed(s: TestServer, w: WorldSpec, run: number): Promise<Run> {
  const { authz } = s;
  const groups: number[] = [];
  for (const role of ROLES) groups.push((await authz.findGroupByName(role))!.id);
  for (const i of [1, 2]) groups.push((await authz.createGroup(`run ${run} lab ${i}`)).id);
  await authz.addGroupPerms(groups[4]!, w.labPerms);
  const users: number[] = [];
  const tokens = new Map<number, string>();
  for (const [i, u] of w.users.entries()) {
    const user = await authz.createUser({
      username: `r${run}u${i}`,
      isStaff: u.staff,
      isSuperuser: u.superuser,
    });
    await authz.addUserPerms(user.id, [
      ...u.admin,
      ...(u.modelView ? (['batterydb.view_experiment'] as const) : []),
    ]);
    for (const g of u.groups) await authz.addMember(groups[g]!, user.id);
    tokens.set(user.id, (await authz.createApiToken(user.id, { name: 'property', expiresAt: null })).token);
    users.push(user.id);
  }
  const experiments: number[] = [];
  for (const [i, e] of w.experiments.entries()) {
    const owner = users[e.owner % users.length]!;
    // The create path needs add_experiment: the owner holds it for a moment (setup only).
    await authz.addUserPerms(owner, ['batterydb.add_experiment']);
    const [row] = await createExperiments(authz, owner, [{ title: `r${run}e${i}` }]);
    await authz.removeUserPerms(owner, ['batterydb.add_experiment']);
    const id = Number(row!.id);
    experiments.push(id);
    if (e.public) await authz.experiments.update(sql<boolean>`id = ${id}`, { status: 'public' });
  }
  for (const g of w.grants)
    await authz.experiments.assign(
      holderIn({ users, groups }, g.holder),
      g.perm,
      experiments[g.experiment % experiments.length]!,
    );
  for (const [i, u] of w.users.entries())
    if (u.inactive) await authz.updateUser(users[i]!, { isActive: false });
  return { users, groups, experiments, tokens };
}

/** Removes the run's users, custom groups and every experiment (grants and memberships cascade). */
async function reset(s: TestServer, run: Run): Promise<void> {
  await s.db.deleteFrom('experiment').execute();
  await s.db.deleteFrom('authz_user').where('id', 'in', run.users).execute();
  await s.db.deleteFrom('authz_group').where('id', 'in', run.groups.slice(ROLES.length)).execute();
}

function holderIn(
  run: { users: number[]; groups: number[] },
  h: { user: number } | { group: number },
): Holder {
  return 'user' in h
    ? { user: run.users[h.user % run.users.length]! }
    : { group: run.groups[h.group % run.groups.length]! };
}

/** The step's action with indexes resolved in the current state; null when it names nothing. */
function resolveAction(
  s: RefState,
  run: Run,
  step: WorldSpec['steps'][number],
  unique: string,
): ObjectAction | null {
  const a = step.action;
  const experiments = [...s.experiments.keys()];
  const pick = (i: number) => experiments[i % experiments.length]!;
  switch (a.op) {
    case 'share':
      if (experiments.length === 0) return null;
      return {
        op: 'share',
        mode: a.mode,
        experiment: pick(a.experiment),
        holder: holderIn(run, a.holder),
        perms: a.perms,
        expiresAt: a.expiry === null ? null : s.now + a.expiry * HOUR,
      };
    case 'status':
    case 'patch':
    case 'delete':
      if (experiments.length === 0) return null;
      return { ...a, experiment: pick(a.experiment) };
    case 'password':
      return {
        op: 'password',
        target: run.users[a.target % run.users.length]!,
        password: `Kx7-${unique}-lantern`,
      };
    case 'groups': {
      const target = run.users[a.target % run.users.length]!;
      const group = run.groups[a.group]!;
      const current = [...s.users.get(target)!.groups];
      const groups = a.join ? [...new Set([...current, group])] : current.filter((g) => g !== group);
      return { op: 'groups', target, groups };
    }
  }
}

/** The real decision, as the list filter sees it, for every user and permission of the run. */
async function assertSystemEqualsReference(s: TestServer, state: RefState, run: Run, label: string) {
  for (const user of run.users) {
    // One query per user: each permission's filter as a column, from one loaded Subject.
    const subject = (await s.authz.loadSubject(user))!;
    const columns = await Promise.all(
      OBJECT_PERMS.map(async (perm, i) => {
        const where = await s.authz.experiments.accessible(subject, perm, 'e');
        return sql<number>`case when ${where} then 1 else 0 end`.as(`p${i}`);
      }),
    );
    const rows = await s.db.selectFrom('experiment as e').select('e.id').select(columns).execute();
    for (const [i, perm] of OBJECT_PERMS.entries()) {
      const listed = rows
        .filter((r) => Number((r as Record<string, unknown>)[`p${i}`]) === 1)
        .map((r) => r.id)
        .sort((a, b) => a - b);
      const reference = [...state.experiments.keys()]
        .filter((e) => state.has(user, perm, e))
        .sort((a, b) => a - b);
      assert.deepEqual(listed, reference, `${label}: user ${user} ${perm}: system ≠ reference`);
    }
  }
}

const auditEntries = async (s: TestServer) =>
  Number(
    (
      await s.db
        .selectFrom('authz_audit_log')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

for (const dialect of DIALECTS) {
  describe(`object-level invariant through HTTP, against an independent reference (${dialect})`, () => {
    let s: TestServer;
    before(async () => {
      s = await testServer(dialect);
    });
    after(() => s.close());

    test(`${RUNS} random sequences of sharing, status changes and admin actions by non-superusers`, async () => {
      let run = 0;
      const outcomes = new Map<string, number>();
      await fc.assert(
        fc.asyncProperty(worldArb, async (w) => {
          run += 1;
          const r = await seed(s, w, run);
          try {
            const scope = { users: r.users, groups: r.groups };
            let state = await loadObjectState(s.db, scope, s.clock.read());
            for (const [i, step] of w.steps.entries()) {
              // Actors are active non-superusers (inactive callers' 401 is the no-escalation test's).
              const actors = r.users.filter(
                (id) => state.users.get(id)!.isActive && !state.users.get(id)!.isSuperuser,
              );
              if (actors.length === 0) break;
              const actorId = actors[step.actor % actors.length]!;
              const action = resolveAction(state, r, step, `${run}-${i}`);
              if (!action) continue;
              const label = `run ${run} step ${i}: actor ${actorId} ${JSON.stringify(action)}`;
              const want = expected(state, actorId, action);
              const audits = await auditEntries(s);
              const response = await s.app.inject({
                ...requestOf(action),
                headers: { authorization: `Bearer ${r.tokens.get(actorId)}` },
              });
              assert.equal(response.statusCode, want.status, `${label}: ${response.body}`);
              outcomes.set(
                `${action.op} ${want.status}`,
                (outcomes.get(`${action.op} ${want.status}`) ?? 0) + 1,
              );
              const next = await loadObjectState(s.db, scope, s.clock.read());
              assert.deepEqual(
                comparableState(next),
                comparableState(want.next),
                `${label}: state ≠ reference`,
              );
              assertObjectInvariants(state, next, actorId, label);
              if (action.op === 'share') {
                const changed =
                  JSON.stringify(comparableState(next).grants) !==
                  JSON.stringify(comparableState(state).grants);
                assert.equal(await auditEntries(s), audits + (changed ? 1 : 0), `${label}: audit entries`);
                if (changed) {
                  const entry = (await s.authz.findAuditEntries({ limit: 1 })).entries[0]!;
                  assert.equal(entry.actorId, actorId, `${label}: the grantor is recorded`);
                  const grantee = JSON.stringify((entry.after as { grantee: unknown }).grantee);
                  assert.ok(
                    grantee.includes(
                      `"id":${'user' in action.holder ? action.holder.user : action.holder.group}`,
                    ),
                    label,
                  );
                }
              }
              if (
                action.op === 'password' &&
                response.statusCode === 204 &&
                next.users.get(action.target)!.isActive
              )
                // A password change may end the account's tokens (SPEC §5); the next step needs one.
                r.tokens.set(
                  action.target,
                  (await s.authz.createApiToken(action.target, { name: 'again', expiresAt: null })).token,
                );
              // The real decision is compared whenever the state moved (and once more at the end).
              if (JSON.stringify(comparableState(next)) !== JSON.stringify(comparableState(state)))
                await assertSystemEqualsReference(s, next, r, label);
              state = next;
            }
            await assertSystemEqualsReference(s, state, r, `run ${run} end`);
          } finally {
            await reset(s, r);
          }
        }),
        { numRuns: RUNS, seed: Number(process.env.PROPERTY_SEED ?? Date.now() % 2 ** 31) },
      );
      const summary = [...outcomes]
        .sort()
        .map(([k, n]) => `${k}: ${n}`)
        .join(', ');
      console.log(`  ${dialect}: ${RUNS} sequences; ${summary}`);
      for (const op of [
        'share 204',
        'status 200',
        'groups 200',
        'password 204',
        'share 403',
        'groups 403',
        'password 403',
      ])
        assert.ok((outcomes.get(op) ?? 0) > 0, `no "${op}" in ${RUNS} sequences`);
    });
  });
}
