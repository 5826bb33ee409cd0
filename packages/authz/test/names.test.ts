/** One skeleton per name (TR39 confusables) for users and groups; ASCII usernames; roles not shadowed. */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type Kysely, Migrator } from 'kysely';
import {
  type AccountView,
  type AuthzTables,
  createAuthz,
  mayCreateGroup,
  mayRenameGroup,
  nameSkeleton,
} from '../src/index.ts';
import { authzMigrations } from '../src/schema/migrations.ts';
import { createTestDatabase, DIALECTS } from '../../../test-support/databases.ts';
import { kitWithClock } from './support/clock-kit.ts';
import { countingHasher, testRegistry } from './support/kit.ts';

const actor = (isSuperuser: boolean): AccountView => ({
  id: 1,
  isActive: true,
  isStaff: true,
  isSuperuser,
  permissions: new Set(['auth.add_group', 'auth.change_group']),
  groupIds: new Set(),
});
const ROLES = new Set(['Maintainer', 'Read only']);

describe('name skeletons', () => {
  test('look-alikes share a skeleton; different names do not', () => {
    const same = [
      ['Maintainer', 'maintainer', 'Ｍaintainer', 'Маintainer', 'MAINTAINER', ' Maintainer '],
      ['root', 'r00t', 'ROOT', 'rооt'],
      ['Read only', 'read  only', 'Reаd only'],
      ['ian', 'IAN'],
      ['Ian', 'lan'],
    ];
    for (const names of same)
      for (const name of names) assert.equal(nameSkeleton(name), nameSkeleton(names[0]!), name);
    assert.notEqual(nameSkeleton('alice'), nameSkeleton('alicia'));
    assert.notEqual(nameSkeleton('Read only'), nameSkeleton('Readonly'));
  });

  test('a role name cannot be shadowed; only a superuser may use its exact name', () => {
    for (const name of ['maintainer', 'Ｍaintainer', 'Маintainer', 'read ONLY'])
      for (const superuser of [false, true]) {
        const decision = mayCreateGroup(actor(superuser), name, ROLES);
        assert.equal(decision.allowed, false, `${name} by ${superuser ? 'a superuser' : 'staff'}`);
        assert.match(!decision.allowed ? decision.message : '', /looks like the declared role/);
      }
    assert.equal(mayCreateGroup(actor(false), 'Maintainer', ROLES).allowed, false);
    assert.equal(mayCreateGroup(actor(true), 'Maintainer', ROLES).allowed, true);
    assert.equal(mayCreateGroup(actor(false), 'Reviewers', ROLES).allowed, true);
    const shadow = { id: 9, name: 'maintainer', permissions: new Set<string>() };
    assert.equal(
      mayRenameGroup(actor(false), shadow, 'Curators', ROLES).allowed,
      true,
      'a legacy shadow can be renamed away',
    );
    assert.equal(mayRenameGroup(actor(false), shadow, 'MAINTAINER', ROLES).allowed, false);
  });
});

for (const dialect of DIALECTS) {
  describe(`confusable names are refused (${dialect})`, () => {
    let kit: Awaited<ReturnType<typeof kitWithClock>>;
    before(async () => {
      kit = await kitWithClock(dialect);
    });
    after(() => kit.close());

    test('usernames: ASCII after NFKC, unique by skeleton', async () => {
      const { authz } = kit;
      await authz.createUser({ username: 'root' });
      for (const name of ['ʀoot', 'rооt', 'ròot'])
        await assert.rejects(
          authz.createUser({ username: name }),
          { code: 'INVALID_INPUT', field: 'username' },
          name,
        );
      await assert.rejects(authz.createUser({ username: 'ROOT' }), {
        code: 'CONFLICT',
        field: 'username',
        message: 'username "ROOT" is already taken',
      });
      for (const name of ['r00t', 'Ｒoot', 'rOOt'])
        await assert.rejects(
          authz.createUser({ username: name }),
          { code: 'CONFLICT', field: 'username' },
          name,
        );
      const bob = await authz.createUser({ username: 'Ｂｏｂ' });
      assert.equal(bob.username, 'Bob', 'stored in its NFKC form');
      assert.equal((await authz.findUserByUsername('bob'))?.id, bob.id);
    });

    test('groups: unique by skeleton, on create and rename', async () => {
      const { authz } = kit;
      const reviewers = await authz.createGroup('Reviewers');
      const other = await authz.createGroup('Auditors');
      for (const name of ['reviewers', 'Rеviewers', 'REVIEWERS'])
        await assert.rejects(authz.createGroup(name), { code: 'CONFLICT', field: 'name' }, name);
      await assert.rejects(authz.renameGroup(other.id, 'rеviewers'), {
        code: 'CONFLICT',
        message: 'group name "rеviewers" looks too much like the existing group "Reviewers"',
      });
      assert.equal(
        (await authz.renameGroup(reviewers.id, 'reviewers')).name,
        'reviewers',
        'its own skeleton is its own',
      );
    });
  });

  describe(`existing look-alike rows when the skeletons arrive (${dialect})`, () => {
    test('the oldest keeps its skeleton, later ones are kept but set apart; a shadowed role gets its own group', async () => {
      const database = await createTestDatabase(dialect);
      try {
        const db = database.open<AuthzTables>();
        const before = Object.fromEntries(
          Object.entries(authzMigrations).filter(([name]) => name < '2026-11-29-09'),
        );
        const migrator = new Migrator({
          db: db as Kysely<unknown>,
          provider: { getMigrations: () => Promise.resolve(before) },
        });
        assert.equal((await migrator.migrateToLatest()).error, undefined);
        const raw = db as unknown as Kysely<{
          authz_user: {
            username: string;
            username_key: string;
            email: string;
            date_joined: number;
            password_hash: string | null;
          };
          authz_group: { name: string };
        }>;
        for (const username of ['root', 'rооt'])
          await raw
            .insertInto('authz_user')
            .values({
              username,
              username_key: username,
              email: '',
              date_joined: 0,
              password_hash: `plain$v1$${username}-pw`,
            })
            .execute();
        await raw
          .insertInto('authz_group')
          .values([{ name: 'maintainer' }, { name: 'Reviewers' }, { name: 'reviewers' }])
          .execute();

        const authz = createAuthz({ db, registry: testRegistry, hasher: countingHasher() });
        await authz.migrate({
          roles: [{ name: 'Maintainer', permissions: ['lab.view_sample'] }],
        });
        const users = await db
          .selectFrom('authz_user')
          .select(['id', 'username', 'username_skeleton'])
          .orderBy('id')
          .execute();
        assert.deepEqual(
          users.map((u) => u.username_skeleton),
          ['root', `root#${users[1]!.id}`],
        );
        assert.equal((await authz.authenticate('rооt', 'rооt-pw')).ok, true, 'the later one still signs in');
        await assert.rejects(authz.createUser({ username: 'r00t' }), { code: 'CONFLICT' });
        const groups = await db
          .selectFrom('authz_group')
          .select(['id', 'name', 'name_skeleton'])
          .orderBy('id')
          .execute();
        const byName = new Map(groups.map((g) => [g.name, g]));
        assert.equal(byName.get('maintainer')!.name_skeleton, `rnalntalner#${byName.get('maintainer')!.id}`);
        assert.equal(byName.get('Maintainer')!.name_skeleton, 'rnalntalner', 'the role got its own group');
        assert.deepEqual(
          await authz.groupPermissionRows(byName.get('maintainer')!.id),
          [],
          'the shadow gained nothing',
        );
        assert.equal(byName.get('reviewers')!.name_skeleton, `revlewers#${byName.get('reviewers')!.id}`);
        const sync = await authz.findAuditEntries({ action: 'role.sync', limit: 5 });
        assert.equal(sync.entries.length, 1);
        assert.deepEqual(sync.entries[0]!.after, {
          name: 'Maintainer',
          permissions: ['lab.view_sample'],
          added: ['lab.view_sample'],
        });
        await authz.migrate({
          roles: [{ name: 'Maintainer', permissions: ['lab.view_sample'] }],
        });
        assert.equal(
          (await authz.findAuditEntries({ action: 'role.sync', limit: 5 })).entries.length,
          1,
          'no change, no entry',
        );
      } finally {
        await database.drop();
      }
    });
  });
}
