/**
 * The cross-request cache of permission sets keeps SPEC §3.5 (issue 12): a change made by
 * another process is seen by the very next request. Two independent kit instances on one
 * database stand for two processes: W writes (memberships, user and group permissions, flags,
 * a rule's group renamed, passwords, grants), R answers requests with its cache on, and F — the
 * same database with no cache — says what is true. After every write, R's authentication (API
 * token → user → permissions, in one statement when cached) and R's decisions equal F's.
 * `serve` as real processes is tested in test/server/serve-workers.test.ts.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import fc from 'fast-check';
import type { Subject } from '@batterydb/authz';
import { DIALECTS } from '../../../../test-support/databases.ts';
import { createAppAuthz } from '../../src/authz/create-app-authz.ts';
import type { Perm } from '../../src/authz/registry.ts';
import { ROLE_CONTRIBUTOR, ROLE_MAINTAINER, ROLE_READ_ONLY } from '../../src/authz/roles.ts';
import { parseDatabaseUrl } from '../../src/config/database-url.ts';
import { connect, type Connection } from '../../src/db/connect.ts';
import { appDatabase } from '../support/app-db.ts';

const PERMS = [
  'batterydb.view_experiment',
  'batterydb.change_experiment',
  'batterydb.add_experiment',
  'batterydb.change_experiment_status',
] as const satisfies Perm[];
const GROUPS = [ROLE_READ_ONLY, ROLE_CONTRIBUTOR, ROLE_MAINTAINER, 'team'] as const;
const USERS = 3;
const EXPERIMENTS = 3;

const user = fc.nat(USERS - 1);
const action = fc.oneof(
  fc.record({
    op: fc.constantFrom('join' as const, 'leave' as const),
    user,
    group: fc.constantFrom(...GROUPS),
  }),
  fc.record({
    op: fc.constantFrom('addUserPerm' as const, 'removeUserPerm' as const),
    user,
    perm: fc.constantFrom(...PERMS),
  }),
  fc.record({
    op: fc.constantFrom('addTeamPerm' as const, 'removeTeamPerm' as const),
    perm: fc.constantFrom(...PERMS),
  }),
  fc.record({ op: fc.constant('active' as const), user, value: fc.boolean() }),
  fc.record({ op: fc.constant('superuser' as const), user, value: fc.boolean() }),
  // A rule names the Contributor group: renaming it takes the rule from its members.
  fc.record({ op: fc.constant('renameContributor' as const) }),
  fc.record({ op: fc.constant('password' as const), user }),
  fc.record({
    op: fc.constantFrom('grant' as const, 'revoke' as const),
    user,
    perm: fc.constantFrom(PERMS[0], PERMS[1]),
    experiment: fc.nat(EXPERIMENTS - 1),
  }),
  fc.record({ op: fc.constant('nothing' as const) }),
);

type Kit = ReturnType<typeof createAppAuthz>;

/** What a Subject says about the user, comparable with deepEqual. */
function facts(subject: Subject) {
  return {
    user: subject.user,
    own: [...subject.ownPermissions].sort(),
    byGroup: [...subject.groupPermissions].map(([p, g]) => [p, [...g].sort()]).sort(),
    groups: subject.groups.map((g) => `${g.id} ${g.name}`).sort(),
  };
}

const RUNS = Number(process.env.PROPERTY_RUNS_FRESHNESS ?? 40);

for (const dialect of DIALECTS) {
  describe(`a revoke in another process is seen by the next request (${dialect})`, () => {
    let app: Awaited<ReturnType<typeof appDatabase>>;
    let readerConnection: Connection;
    let reader: Kit;
    let fresh: Kit;
    let statements = 0;
    before(async () => {
      app = await appDatabase(dialect);
      readerConnection = await connect(parseDatabaseUrl(app.database.url), {
        onQuery: () => void (statements += 1),
      });
      reader = createAppAuthz(readerConnection.db);
      fresh = createAppAuthz(readerConnection.db, { subjectCacheSize: 0 });
    });
    after(async () => {
      await readerConnection.close();
      await app.close();
    });

    test('with nothing written, a request authenticates in one statement; a write anywhere costs one more', async () => {
      const writer = app.authz;
      const someone = await writer.createUser({ username: 'cached' });
      const { token } = await writer.createApiToken(someone.id, { name: 't', expiresAt: null });
      await reader.authenticateApiToken(token);
      statements = 0;
      const first = await reader.authenticateApiToken(token);
      assert.equal(statements, 1, 'token, user row and generation in one statement');
      assert.deepEqual([...first!.subject.groupPermissions.keys()], []);
      await writer.addMember((await writer.findGroupByName(ROLE_MAINTAINER))!.id, someone.id);
      statements = 0;
      const after = await reader.authenticateApiToken(token);
      assert.equal(statements, 2, 'the generation moved: the permissions are read again');
      assert.ok(after!.subject.groupPermissions.has('batterydb.change_experiment_status'));
      await writer.deleteUser(someone.id);
      assert.equal(await reader.authenticateApiToken(token), null);
    });

    test(`${RUNS} random sequences of writes in one instance and requests in the other`, async () => {
      const writer = app.authz;
      const roleIds = new Map<string, number>();
      for (const name of [ROLE_READ_ONLY, ROLE_CONTRIBUTOR, ROLE_MAINTAINER])
        roleIds.set(name, (await writer.findGroupByName(name))!.id);
      let run = 0;
      let compared = 0;
      await fc.assert(
        fc.asyncProperty(fc.array(action, { minLength: 1, maxLength: 12 }), async (actions) => {
          run += 1;
          const team = await writer.createGroup(`team ${run}`);
          const groupIds = new Map([...roleIds, ['team', team.id]]);
          const userIds: number[] = [];
          const tokens: string[] = [];
          let experimentIds: number[] = [];
          let contributorRenamed = false;
          try {
            for (let i = 0; i < USERS; i++) {
              const u = await writer.createUser({ username: `f${run}u${i}` });
              userIds.push(u.id);
              tokens.push((await writer.createApiToken(u.id, { name: 't', expiresAt: null })).token);
            }
            const now = writer.now().getTime();
            experimentIds = (
              await writer.experiments.create(
                Array.from({ length: EXPERIMENTS }, (_, i) => ({
                  title: `f${run}e${i}`,
                  status: i % 2 === 0 ? 'private' : 'public',
                  owner_id: userIds[i % USERS]!,
                  created_at: now,
                  updated_at: now,
                })),
              )
            ).map((r) => Number(r.id));
            const rows = await app.connection.db
              .selectFrom('experiment')
              .select(['id', 'owner_id', 'status'])
              .where('id', 'in', experimentIds)
              .execute();
            // Warm the reader's cache before anything changes.
            for (const t of tokens) await reader.authenticateApiToken(t);
            for (const [step, a] of actions.entries()) {
              const who = 'user' in a ? userIds[a.user]! : 0;
              switch (a.op) {
                case 'join':
                  await writer.addMember(groupIds.get(a.group)!, who);
                  break;
                case 'leave':
                  await writer.removeMember(groupIds.get(a.group)!, who);
                  break;
                case 'addUserPerm':
                  await writer.addUserPerms(who, [a.perm]);
                  break;
                case 'removeUserPerm':
                  await writer.removeUserPerms(who, [a.perm]);
                  break;
                case 'addTeamPerm':
                  await writer.addGroupPerms(team.id, [a.perm]);
                  break;
                case 'removeTeamPerm':
                  await writer.removeGroupPerms(team.id, [a.perm]);
                  break;
                case 'active':
                  await writer.updateUser(who, { isActive: a.value });
                  break;
                case 'superuser':
                  await writer.updateUser(who, { isSuperuser: a.value });
                  break;
                case 'renameContributor':
                  contributorRenamed = !contributorRenamed;
                  await writer.renameGroup(
                    roleIds.get(ROLE_CONTRIBUTOR)!,
                    contributorRenamed ? `Contributor ${run}` : ROLE_CONTRIBUTOR,
                  );
                  break;
                case 'password':
                  await writer.setPassword(who, null, { keepApiTokens: true });
                  break;
                case 'grant':
                  await writer.experiments.assign({ user: who }, a.perm, experimentIds[a.experiment]!);
                  break;
                case 'revoke':
                  await writer.experiments.remove({ user: who }, a.perm, experimentIds[a.experiment]!);
                  break;
                case 'nothing':
                  break;
              }
              for (const [i, t] of tokens.entries()) {
                const where = `run ${run} step ${step} (${a.op}) user ${i}`;
                const cached = await reader.authenticateApiToken(t);
                const truth = await fresh.authenticateApiToken(t);
                assert.equal(cached === null, truth === null, `${where}: token validity`);
                const subjects: [Subject, Subject][] = [];
                if (cached && truth) subjects.push([cached.subject, truth.subject]);
                subjects.push([
                  (await reader.loadSubject(userIds[i]!))!,
                  (await fresh.loadSubject(userIds[i]!))!,
                ]);
                for (const [r, f] of subjects) {
                  assert.deepEqual(facts(r), facts(f), `${where}: permission set`);
                  for (const perm of PERMS) {
                    assert.equal(
                      await reader.hasPerm(r, perm),
                      await fresh.hasPerm(f, perm),
                      `${where}: ${perm}`,
                    );
                    for (const row of rows)
                      assert.equal(
                        await reader.experiments.hasPerm(r, perm, row),
                        await fresh.experiments.hasPerm(f, perm, row),
                        `${where}: ${perm} on experiment ${row.id}`,
                      );
                    compared += 1;
                  }
                }
              }
            }
          } finally {
            if (contributorRenamed)
              await writer.renameGroup(roleIds.get(ROLE_CONTRIBUTOR)!, ROLE_CONTRIBUTOR);
            const db = app.connection.db;
            await db
              .deleteFrom('experiment')
              .where('id', 'in', [...experimentIds, -1])
              .execute();
            await db
              .deleteFrom('authz_user')
              .where('id', 'in', [...userIds, -1])
              .execute();
            await db.deleteFrom('authz_group').where('id', '=', team.id).execute();
          }
        }),
        { numRuns: RUNS, seed: Number(process.env.PROPERTY_SEED ?? Date.now() % 2 ** 31) },
      );
      console.log(`  ${dialect}: ${RUNS} sequences, ${compared} cached answers compared with fresh ones`);
    });
  });
}
