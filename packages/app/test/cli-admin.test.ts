/**
 * The admin commands (issue 11, CLI parity), run in-process through the same commander program
 * as `batterydb`, on both dialects: each command does what its admin page and API route do,
 * through the same functions — and `--as` a non-superuser gets the refusals the API gives it.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Command } from 'commander';
import { AuthzError } from '@batterydb/authz';
import { registerAdminCommands } from '../src/cli/admin/admin-commands.ts';
import { openApp } from '../src/cli/open-app.ts';
import { ROLE_CONTRIBUTOR, ROLE_READ_ONLY } from '../src/authz/roles.ts';
import { createExperiments } from '../src/experiments/create-experiments.ts';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../../../test-support/databases.ts';

const PASSWORD = 'Quartz-Lithium-7-Anode';

for (const dialect of DIALECTS) {
  describe(`batterydb admin commands (${dialect})`, () => {
    let database: TestDatabase;

    /** Runs `batterydb ARGS` in this process: its output lines, or the error it ends with. */
    async function cli(args: string[], options: { env?: Record<string, string>; stdin?: string } = {}) {
      const out: string[] = [];
      const program = new Command('batterydb').exitOverride();
      registerAdminCommands(program, {
        env: { DATABASE_URL: database.url, ...options.env },
        out: (line) => out.push(line),
        readStdin: () => Promise.resolve(options.stdin ?? null),
      });
      try {
        await program.parseAsync(args, { from: 'user' });
        return { out, error: null as AuthzError | null };
      } catch (error) {
        if (error instanceof AuthzError) return { out, error };
        throw error;
      }
    }
    const ok = async (args: string[], options?: Parameters<typeof cli>[1]) => {
      const result = await cli(args, options);
      assert.equal(result.error, null, `${args.join(' ')}: ${result.error?.message}`);
      return result.out;
    };
    const refused = async (
      args: string[],
      code: string,
      words: RegExp,
      options?: Parameters<typeof cli>[1],
    ) => {
      const { error } = await cli(args, options);
      assert.equal(error?.code, code, `${args.join(' ')}: ${error?.message}`);
      assert.match(error.message, words, args.join(' '));
    };
    const withApp = async <T>(fn: (app: Awaited<ReturnType<typeof openApp>>) => Promise<T>) => {
      const app = await openApp({ DATABASE_URL: database.url });
      try {
        return await fn(app);
      } finally {
        await app.connection.close();
      }
    };

    before(async () => {
      database = await createTestDatabase(dialect);
      await withApp(async ({ authz }) => {
        await authz.createUser({ username: 'root', password: PASSWORD, isStaff: true, isSuperuser: true });
        const clerk = await authz.createUser({ username: 'clerk', password: PASSWORD, isStaff: true });
        await authz.addUserPerms(clerk.id, [
          'auth.view_user',
          'auth.change_user',
          'auth.add_user',
          'auth.view_group',
        ]);
        await authz.addMember((await authz.findGroupByName(ROLE_READ_ONLY))!.id, clerk.id);
      });
    });
    after(() => database.drop());

    test('acting as: the one superuser by default, --as or BATTERYDB_AS a named user, never a guess', async () => {
      assert.match((await ok(['users', 'list'])).join('\n'), /^root\t\t\tactive,staff,superuser\t\tnever$/m);
      await refused(['users', 'list', '--as', 'ghost'], 'UNAUTHENTICATED', /no active user "ghost"/);
      assert.ok((await ok(['users', 'list'], { env: { BATTERYDB_AS: 'clerk' } })).length > 1);
      await withApp(({ authz }) => authz.createUser({ username: 'root2', isStaff: true, isSuperuser: true }));
      await refused(
        ['users', 'list'],
        'UNAUTHENTICATED',
        /several superusers \(root, root2\): choose one with --as/,
      );
      await ok(['users', 'deactivate', 'root2', '--as', 'root']);
    });

    test('users create / list / deactivate / reactivate / set-password, with the password from the environment or stdin', async () => {
      assert.deepEqual(
        await ok(
          ['users', 'create', 'alice', '--email', 'alice@lab.example', '--name', 'Alice Liddell', '--staff'],
          {
            env: { BATTERYDB_PASSWORD: 'Cathode-Anode-Separator-9' },
          },
        ),
        [
          `User "alice" created (id ${await withApp(async ({ authz }) => (await authz.findUserByUsername('alice'))!.id)}).`,
        ],
      );
      await ok(['users', 'create', 'bob'], { stdin: 'Electrolyte-Salt-Anion-4' });
      await refused(
        ['users', 'create', 'carol'],
        'INVALID_INPUT',
        /set BATTERYDB_PASSWORD or pipe the password/,
      );
      await refused(['users', 'create', 'carol'], 'INVALID_INPUT', /commonly breached/, {
        stdin: 'password123',
      });
      await ok(['users', 'create', 'carol', '--no-password']);
      const listed = await ok(['users', 'list', '--search', 'liddell']);
      assert.deepEqual(listed, [
        'username\tname\te-mail\tflags\tgroups\tlast sign-in',
        'alice\tAlice Liddell\talice@lab.example\tactive,staff\t\tnever',
      ]);
      const json = (
        await ok(['users', 'list', '--staff', 'no', '--json', '--sort', '-username', '--limit', '2'])
      ).map((l) => (JSON.parse(l) as { username: string }).username);
      assert.deepEqual(json, ['carol', 'bob']);
      assert.deepEqual(await ok(['users', 'deactivate', 'bob']), [
        'bob is deactivated; their sessions and API tokens have ended.',
      ]);
      assert.match((await ok(['users', 'list', '--active', 'no'])).join('\n'), /^bob\t/m);
      await ok(['users', 'reactivate', 'bob']);
      await ok(['users', 'set-password', 'carol'], { env: { BATTERYDB_PASSWORD: 'Anode-Overhang-Ratio-3' } });
      await ok(['users', 'set-password', 'bob', '--unusable']);
      await withApp(async ({ authz }) => {
        assert.equal((await authz.findUserByUsername('carol'))!.hasUsablePassword, true);
        assert.equal((await authz.findUserByUsername('bob'))!.hasUsablePassword, false);
        const actions = (
          await authz.findAuditEntries({ actorId: (await authz.findUserByUsername('root'))!.id, limit: 20 })
        ).entries.map((e) => e.action);
        assert.deepEqual(actions.slice(0, 6), [
          'user.password',
          'user.password',
          'user.update',
          'user.update',
          'user.create',
          'user.create',
        ]);
      });
      await refused(['users', 'list', '--active', 'maybe'], 'INVALID_INPUT', /active must be yes or no/);
      await refused(['users', 'deactivate', 'nobody'], 'INVALID_INPUT', /there is no user "nobody"/);
    });

    test('groups list / add-member / remove-member', async () => {
      const list = await ok(['groups', 'list']);
      assert.deepEqual(list.slice(0, 2), ['group\tmembers\tkind', 'Contributor\t0\tdeclared role']);
      assert.deepEqual(await ok(['groups', 'add-member', ROLE_CONTRIBUTOR, 'alice']), [
        'alice is in "Contributor".',
      ]);
      assert.match((await ok(['groups', 'list'])).join('\n'), /^Contributor\t1\tdeclared role$/m);
      assert.deepEqual(await ok(['groups', 'remove-member', ROLE_CONTRIBUTOR, 'alice']), [
        'alice is no longer in "Contributor".',
      ]);
      await refused(['groups', 'add-member', 'Nope', 'alice'], 'INVALID_INPUT', /there is no group "Nope"/);
    });

    test('grant / revoke by name with an end day; explain says why, or why not', async () => {
      const id = await withApp(async ({ authz }) => {
        const owner = await authz.createUser({ username: 'owen' });
        await authz.addMember((await authz.findGroupByName(ROLE_CONTRIBUTOR))!.id, owner.id);
        return Number((await createExperiments(authz, owner.id, [{ title: 'Pouch 1' }]))[0]!.id);
      });
      assert.deepEqual(
        await ok(['grant', String(id), 'view', 'change', '--user', 'alice', '--until', '2099-12-31']),
        [
          `Granted batterydb.view_experiment, batterydb.change_experiment on experiment ${id} to user alice until 2099-12-31.`,
        ],
      );
      assert.deepEqual(await ok(['explain', 'alice', 'change', String(id)]), [
        `yes: alice may batterydb.change_experiment on experiment ${id}: shared with them until 2099-12-31`,
      ]);
      assert.deepEqual(await ok(['explain', 'owen', 'view', String(id)]), [
        `yes: owen may batterydb.view_experiment on experiment ${id}: the owner`,
      ]);
      assert.deepEqual(await ok(['explain', 'bob', 'view', String(id)]), [
        `no: bob holds no batterydb.view_experiment on experiment ${id}`,
      ]);
      assert.deepEqual(await ok(['explain', 'owen', 'batterydb.add_experiment']), [
        'yes: owen holds batterydb.add_experiment through group "Contributor"',
      ]);
      await ok(['grant', String(id), 'view', '--group', ROLE_READ_ONLY]);
      await refused(
        ['grant', String(id), 'view', '--user', 'alice', '--group', ROLE_READ_ONLY],
        'INVALID_INPUT',
        /exactly one of --user or --group/,
      );
      await refused(
        ['grant', String(id), 'fly', '--user', 'bob'],
        'INVALID_INPUT',
        /"fly" is not a permission/,
      );
      assert.deepEqual(await ok(['revoke', String(id), 'change', '--user', 'alice']), [
        `Revoked batterydb.change_experiment on experiment ${id} from user alice.`,
      ]);
      await refused(['revoke', String(id), 'view', '--user', 'owen'], 'CONFLICT', /rule/);
      await refused(['explain', 'alice', 'view', String(id + 100)], 'NOT_FOUND', /does not exist/);
    });

    test('--as a non-superuser: refused what the API refuses that user, in the same words', async () => {
      const id = await withApp(async ({ authz }) => {
        const owen = (await authz.findUserByUsername('owen'))!;
        return Number((await createExperiments(authz, owen.id, [{ title: 'Pouch 2' }]))[0]!.id);
      });
      await refused(
        ['users', 'create', 'mallory', '--superuser', '--as', 'clerk'],
        'FORBIDDEN',
        /only a superuser may create a superuser/,
        {
          env: { BATTERYDB_PASSWORD: 'Cathode-Anode-Separator-9' },
        },
      );
      await refused(
        ['users', 'set-password', 'root', '--as', 'clerk'],
        'FORBIDDEN',
        /only a superuser may change a superuser/,
        {
          env: { BATTERYDB_PASSWORD: 'Cathode-Anode-Separator-9' },
        },
      );
      await refused(
        ['users', 'deactivate', 'owen', '--as', 'clerk'],
        'FORBIDDEN',
        /the account holds batterydb\.\w+/,
      );
      await refused(
        ['groups', 'add-member', ROLE_CONTRIBUTOR, 'bob', '--as', 'clerk'],
        'FORBIDDEN',
        /group "Contributor" holds batterydb\.add_experiment, which you do not/,
      );
      await refused(
        ['users', 'deactivate', 'clerk', '--as', 'clerk'],
        'FORBIDDEN',
        /you may not change your own flags/,
      );
      // The private experiment is not the clerk's to see: 404 in the API's words, for grant and explain alike.
      await refused(
        ['grant', String(id), 'view', '--user', 'bob', '--as', 'clerk'],
        'NOT_FOUND',
        new RegExp(`experiment ${id} does not exist`),
      );
      await refused(['explain', 'owen', 'view', String(id), '--as', 'clerk'], 'NOT_FOUND', /does not exist/);
      await refused(
        ['users', 'list', '--as', 'bob'],
        'FORBIDDEN',
        /bob may not do this: it needs staff status and auth\.view_user/,
      );
      await refused(['audit', '--as', 'alice'], 'FORBIDDEN', /needs staff status and auth\.view_user/);
      await withApp(async ({ authz }) => {
        assert.equal(await authz.findUserByUsername('mallory'), null);
        assert.equal((await authz.findUserByUsername('owen'))!.isActive, true);
      });
    });

    test('audit: filters, text, JSON lines and CSV — only what the acting user may see', async () => {
      const pouch2 = await withApp(async ({ connection }) =>
        Number(
          (
            await connection.db
              .selectFrom('experiment')
              .select('id')
              .where('title', '=', 'Pouch 2')
              .executeTakeFirstOrThrow()
          ).id,
        ),
      );
      const text = await ok(['audit', '--actor', 'root', '--action', 'grant.add', '--limit', '1']);
      assert.equal(text.length, 1);
      assert.match(text[0]!, /^\d{4}-.*Z {2}root {2}grant\.add {2}batterydb\.experiment Pouch 1 {2}/);
      const json = (await ok(['audit', '--user', 'alice', '--format', 'json'])).map(
        (l) => JSON.parse(l) as { action: string; actor: string; targetName: string },
      );
      assert.ok(json.length >= 3);
      assert.ok(json.every((e) => e.targetName === 'alice' && e.actor === 'root'));
      const csv = await ok(['audit', '--format', 'csv', '--user', 'alice', '--action', 'user.groups']);
      assert.equal(csv[0], 'id,at,actor,action,target type,target id,target,before,after,client address');
      assert.ok(
        csv.length === 3 &&
          csv.slice(1).every((l) => l.includes(',root,user.groups,auth.user,') && l.endsWith(',cli')),
        csv.join('\n'),
      );
      // Pouch 1 is shared with the clerk's group, Pouch 2 is not: the clerk's export holds the
      // entries about the one and none about the other; the superuser's holds both.
      await ok(['grant', String(pouch2), 'view', '--user', 'alice']);
      const about = (lines: string[], title: string) =>
        lines.filter((l) => l.includes(`,batterydb.experiment,`) && l.includes(`,${title},`));
      const clerk = await ok(['audit', '--as', 'clerk', '--format', 'csv']);
      const root = await ok(['audit', '--format', 'csv']);
      assert.ok(about(clerk, 'Pouch 1').length >= 3, clerk.join('\n'));
      assert.deepEqual(about(clerk, 'Pouch 2'), []);
      assert.equal(about(root, 'Pouch 2').length, 1);
      assert.ok(clerk.some((l) => l.includes(',user.create,auth.user,')));
      assert.deepEqual(await ok(['audit', '--since', '2099-01-01']), []);
      await refused(['audit', '--since', 'yesterday'], 'INVALID_INPUT', /since must be a date/);
      await refused(['audit', '--format', 'xml'], 'INVALID_INPUT', /--format must be text, csv or json/);
      // --limit counts entries, not lines: the CSV header comes on top.
      assert.equal((await ok(['audit', '--format', 'csv', '--limit', '2'])).length, 3);
      await refused(['audit', '--limit', '1.5'], 'INVALID_INPUT', /--limit must be a whole number/);
      await refused(['audit', '--user', 'alice', '--group', 'x'], 'INVALID_INPUT', /at most one of/);
    });
  });
}
