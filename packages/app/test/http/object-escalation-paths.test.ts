/**
 * Issue 8's five escalation paths, each replayed over HTTP exactly as it was found, now
 * refused: nobody borrows access through a password reset, a membership, a self-grant, a grant
 * to one's own group, or a grant that outlives the role it was made with. Then the rules that
 * make grants mean what they say (curation, view with change, 409 on rule-given permissions),
 * the grant audit entries and the sharing answer.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { InjectOptions } from 'fastify';
import { DIALECTS } from '../../../../test-support/databases.ts';
import type { Perm } from '../../src/authz/registry.ts';
import { createExperiments } from '../../src/experiments/create-experiments.ts';
import { makeUser, testServer, type TestServer } from './support/server.ts';

const VIEW = 'batterydb.view_experiment';
const CHANGE = 'batterydb.change_experiment';
const DELETE = 'batterydb.delete_experiment';
const STATUS = 'batterydb.change_experiment_status';

type Client = (options: InjectOptions) => Promise<{ statusCode: number; body: string; json<T>(): T }>;

for (const dialect of DIALECTS) {
  describe(`object-level escalation paths of issue 8 are closed (${dialect})`, () => {
    let s: TestServer;
    const ids: Record<string, number> = {};
    const as: Record<string, Client> = {};
    const group = async (name: string) => (await s.authz.findGroupByName(name))!.id;

    /** A user with an API token; `roles` by name, `perms` at model level. */
    async function person(name: string, options: { roles?: string[]; perms?: Perm[]; staff?: boolean } = {}) {
      // Tokens only: a password unrelated to any name (the policy refuses similar ones).
      const user = await makeUser(s.authz, name, {
        staff: options.staff ?? false,
        perms: options.perms ?? [],
        password: 'Qv7-vintage-lantern-orbit',
      });
      for (const role of options.roles ?? []) await s.authz.addMember(await group(role), user.id);
      const { token } = await s.authz.createApiToken(user.id, { name: 'test', expiresAt: null });
      ids[name] = user.id;
      as[name] = (o) => s.app.inject({ ...o, headers: { ...o.headers, authorization: `Bearer ${token}` } });
    }
    const experiment = async (owner: string, title: string) =>
      Number((await createExperiments(s.authz, ids[owner]!, [{ title }]))[0]!.id);
    const get = (who: string, id: number) => as[who]!({ method: 'GET', url: `/api/experiments/${id}` });
    const patch = (who: string, id: number) =>
      as[who]!({ method: 'PATCH', url: `/api/experiments/${id}`, payload: { description: `by ${who}` } });
    const remove = (who: string, id: number) => as[who]!({ method: 'DELETE', url: `/api/experiments/${id}` });
    const publish = (who: string, id: number, status: 'public' | 'private' = 'public') =>
      as[who]!({ method: 'PUT', url: `/api/experiments/${id}/status`, payload: { status } });
    const share = (
      who: string,
      id: number,
      holder: object,
      permissions: string[],
      method: 'POST' | 'DELETE' = 'POST',
    ) =>
      as[who]!({
        method,
        url: `/api/experiments/${id}/grants`,
        payload: { ...holder, permissions },
      });

    before(async () => {
      s = await testServer(dialect);
      await person('root', { staff: true });
      await s.authz.updateUser(ids.root!, { isSuperuser: true });
      await person('staff', { staff: true, perms: ['auth.view_user', 'auth.change_user', 'auth.add_user'] });
      await person('owner', { roles: ['Contributor'] });
      await person('colleague', { roles: ['Contributor'] });
      await person('plain');
      await person('other');
      await person('nobody');
      await person('maintainer', { roles: ['Maintainer'] });
    });
    after(() => s.close());

    test('1. a password reset does not borrow a user’s grants', async () => {
      const id = await experiment('owner', 'path 1');
      assert.equal((await get('staff', id)).statusCode, 404);
      assert.equal((await share('owner', id, { user: ids.plain }, [VIEW])).statusCode, 204);
      assert.equal((await get('plain', id)).statusCode, 200);
      const reset = await as.staff!({
        method: 'PUT',
        url: `/api/admin/users/${ids.plain}/password`,
        payload: { password: 'borrowed-access-1' },
      });
      assert.equal(reset.statusCode, 403, reset.body);
      assert.equal(reset.json<{ field: string }>().field, 'user');
      assert.match(reset.json<{ detail: string }>().detail, /batterydb\.view_experiment/);
      const signIn = await s.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: 'plain', password: 'borrowed-access-1' },
      });
      assert.equal(signIn.statusCode, 401, 'the password did not change');
      // The e-mail (where a reset would go) and the flags are holdings-guarded the same way.
      const email = await as.staff!({
        method: 'PATCH',
        url: `/api/admin/users/${ids.plain}`,
        payload: { email: 'staff@evil.example' },
      });
      assert.equal(email.statusCode, 403);
      // The same staff may still reset a user who holds nothing it lacks.
      const fine = await as.staff!({
        method: 'PUT',
        url: `/api/admin/users/${ids.nobody}/password`,
        payload: { password: 'a-fresh-password-9' },
      });
      assert.equal(fine.statusCode, 204);
    });

    test('2. a membership does not borrow a group’s grants', async () => {
      const id = await experiment('owner', 'path 2');
      const lab = await s.authz.createGroup('lab with grants');
      assert.equal((await share('owner', id, { group: lab.id }, [VIEW])).statusCode, 204);
      assert.equal((await get('other', id)).statusCode, 404);
      const put = await as.staff!({
        method: 'PUT',
        url: `/api/admin/users/${ids.other}/groups`,
        payload: { groups: [lab.id] },
      });
      assert.equal(put.statusCode, 403, put.body);
      assert.equal(put.json<{ field: string }>().field, 'groups');
      const post = await as.staff!({
        method: 'POST',
        url: `/api/admin/groups/${lab.id}/members`,
        payload: { userId: ids.other },
      });
      assert.equal(post.statusCode, 403);
      assert.equal((await get('other', id)).statusCode, 404);
      // A group without object holdings the staff lacks can still be joined.
      const empty = await s.authz.createGroup('lab without grants');
      const ok = await as.staff!({
        method: 'PUT',
        url: `/api/admin/users/${ids.other}/groups`,
        payload: { groups: [empty.id] },
      });
      assert.equal(ok.statusCode, 200, ok.body);
    });

    test('3. an owner’s self-grant is refused, and no grant outlives publication', async () => {
      const id = await experiment('owner', 'path 3');
      const self = await share('owner', id, { user: ids.owner }, [VIEW, CHANGE, DELETE]);
      assert.equal(self.statusCode, 403);
      assert.equal(self.json<{ field: string }>().field, 'user');
      // A grant by someone else is fine while private…
      assert.equal(
        (await share('owner', id, { user: ids.colleague }, [VIEW, CHANGE, DELETE])).statusCode,
        204,
      );
      assert.equal((await patch('colleague', id)).statusCode, 200);
      assert.equal((await publish('maintainer', id)).statusCode, 200);
      // …and counts no more once public (SPEC §3.3: public data is curated).
      for (const who of ['owner', 'colleague']) {
        assert.equal((await patch(who, id)).statusCode, 403, who);
        assert.equal((await remove(who, id)).statusCode, 403, who);
      }
      assert.equal((await patch('maintainer', id)).statusCode, 200);
    });

    test('4. a grant to one’s own group is refused', async () => {
      const id = await experiment('owner', 'path 4');
      const contributors = await group('Contributor');
      const own = await share('owner', id, { group: contributors }, [VIEW, CHANGE, DELETE]);
      assert.equal(own.statusCode, 403);
      assert.equal(own.json<{ field: string }>().field, 'group');
      assert.equal((await get('colleague', id)).statusCode, 404);
      // A Maintainer (not a Contributor) may share with the Contributors; after publication
      // the grant of change no longer counts for anyone.
      assert.equal(
        (await share('maintainer', id, { group: contributors }, [VIEW, CHANGE, DELETE])).statusCode,
        204,
      );
      assert.equal((await patch('colleague', id)).statusCode, 200);
      assert.equal((await publish('maintainer', id)).statusCode, 200);
      for (const who of ['owner', 'colleague']) {
        assert.equal((await patch(who, id)).statusCode, 403, who);
        assert.equal((await remove(who, id)).statusCode, 403, who);
      }
    });

    test('5. a demoted Maintainer keeps nothing: it could never grant to itself', async () => {
      await person('demoted', { roles: ['Maintainer'] });
      const id = await experiment('colleague', 'path 5');
      assert.equal((await get('demoted', id)).statusCode, 200);
      const self = await share('demoted', id, { user: ids.demoted }, [VIEW, CHANGE, DELETE, STATUS]);
      assert.equal(self.statusCode, 403);
      // What it granted to others while a Maintainer stays (audited with it as grantor).
      assert.equal((await share('demoted', id, { user: ids.plain }, [VIEW])).statusCode, 204);
      const emptied = await as.root!({
        method: 'PUT',
        url: `/api/admin/users/${ids.demoted}/groups`,
        payload: { groups: [] },
      });
      assert.equal(emptied.statusCode, 200);
      assert.equal((await get('demoted', id)).statusCode, 404);
      assert.equal((await patch('demoted', id)).statusCode, 404);
      assert.equal((await publish('demoted', id)).statusCode, 404);
      assert.equal((await get('plain', id)).statusCode, 200);
      const grant = (await s.authz.findAuditEntries({ action: 'grant.add', targetId: id, limit: 1 }))
        .entries[0]!;
      assert.equal(grant.actorId, ids.demoted);
    });

    test('grants mean what they say: view comes with change; rule-given permissions are not revocable', async () => {
      const id = await experiment('owner', 'meaning');
      const bare = await share('owner', id, { user: ids.other }, [CHANGE]);
      assert.equal(bare.statusCode, 400);
      assert.equal(bare.json<{ field: string }>().field, 'permissions');
      assert.match(bare.json<{ detail: string }>().detail, /view_experiment/);
      assert.equal((await share('owner', id, { user: ids.other }, [VIEW, CHANGE])).statusCode, 204);
      const orphan = await share('owner', id, { user: ids.other }, [VIEW], 'DELETE');
      assert.equal(orphan.statusCode, 409);
      assert.equal((await share('owner', id, { user: ids.other }, [CHANGE, VIEW], 'DELETE')).statusCode, 204);
      assert.equal((await get('other', id)).statusCode, 404);
      // The owner views through rule "owner views own": revoking cannot take that away.
      const ruled = await share('maintainer', id, { user: ids.owner }, [VIEW], 'DELETE');
      assert.equal(ruled.statusCode, 409);
      assert.match(ruled.json<{ detail: string }>().detail, /rule "owner views own"/);
      const maintainers = await share('root', id, { group: await group('Maintainer') }, [CHANGE], 'DELETE');
      assert.equal(maintainers.statusCode, 409);
      assert.match(maintainers.json<{ detail: string }>().detail, /model-level|maintainers curate/);
      // Revoking a grant nobody holds in any way changes nothing and says so with 204.
      assert.equal((await share('owner', id, { user: ids.nobody }, [VIEW], 'DELETE')).statusCode, 204);
    });

    test('one may not share with accounts one cannot see; the superuser may', async () => {
      const id = await experiment('owner', 'invisible');
      await s.authz.updateUser(ids.nobody!, { isActive: false });
      try {
        const hidden = await share('owner', id, { user: ids.nobody }, [VIEW]);
        const missing = await share('owner', id, { user: 999_999 }, [VIEW]);
        assert.equal(hidden.statusCode, 400);
        assert.equal(hidden.json<{ field: string }>().field, 'user');
        assert.equal(missing.statusCode, 400);
        assert.equal(
          hidden.json<{ detail: string }>().detail.replace(String(ids.nobody), 'N'),
          missing.json<{ detail: string }>().detail.replace('999999', 'N'),
          'an inactive account is answered as if it did not exist',
        );
        assert.equal((await share('root', id, { user: ids.nobody }, [VIEW])).statusCode, 204);
      } finally {
        await s.authz.updateUser(ids.nobody!, { isActive: true });
      }
    });

    test('unpublishing gives the owner change and delete back: only for those who hold them', async () => {
      await person('curatorlite', { roles: ['Read only'] });
      const id = await experiment('owner', 'status grant');
      assert.equal(
        (await share('maintainer', id, { user: ids.curatorlite }, [VIEW, STATUS])).statusCode,
        204,
      );
      assert.equal((await publish('curatorlite', id)).statusCode, 200, 'publishing gives only view');
      const back = await publish('curatorlite', id, 'private');
      assert.equal(back.statusCode, 403, back.body);
      assert.equal(back.json<{ field: string }>().field, 'status');
      assert.equal((await publish('maintainer', id, 'private')).statusCode, 200);
    });

    test('grant audit entries name grantor and grantee, with the grants before and after', async () => {
      const id = await experiment('owner', 'audited');
      assert.equal((await share('owner', id, { user: ids.colleague }, [VIEW])).statusCode, 204);
      assert.equal((await share('owner', id, { user: ids.colleague }, [CHANGE, VIEW])).statusCode, 204);
      assert.equal((await share('owner', id, { user: ids.colleague }, [CHANGE], 'DELETE')).statusCode, 204);
      const entries = (
        await s.authz.findAuditEntries({ targetType: 'batterydb.experiment', targetId: id, limit: 10 })
      ).entries;
      assert.deepEqual(
        entries.map((e) => [e.action, e.actorId, e.before, e.after]),
        [
          [
            'grant.remove',
            ids.owner,
            {
              grantee: { user: { id: ids.colleague, username: 'colleague' } },
              grants: [
                { permission: CHANGE, expiresAt: null },
                { permission: VIEW, expiresAt: null },
              ],
            },
            {
              grantee: { user: { id: ids.colleague, username: 'colleague' } },
              grants: [{ permission: VIEW, expiresAt: null }],
            },
          ],
          [
            'grant.add',
            ids.owner,
            {
              grantee: { user: { id: ids.colleague, username: 'colleague' } },
              grants: [{ permission: VIEW, expiresAt: null }],
            },
            {
              grantee: { user: { id: ids.colleague, username: 'colleague' } },
              grants: [
                { permission: CHANGE, expiresAt: null },
                { permission: VIEW, expiresAt: null },
              ],
            },
          ],
          [
            'grant.add',
            ids.owner,
            { grantee: { user: { id: ids.colleague, username: 'colleague' } }, grants: [] },
            {
              grantee: { user: { id: ids.colleague, username: 'colleague' } },
              grants: [{ permission: VIEW, expiresAt: null }],
            },
          ],
        ],
      );
      const again = await s.authz.findAuditEntries({ targetId: id, limit: 10 });
      assert.equal((await share('owner', id, { user: ids.colleague }, [VIEW])).statusCode, 204);
      assert.equal(
        (await s.authz.findAuditEntries({ targetId: id, limit: 10 })).entries.length,
        again.entries.length,
        'a grant that changes nothing records nothing',
      );
    });

    test('who holds what, and every stored grant, also those curation suspends', async () => {
      const id = await experiment('owner', 'listed');
      assert.equal((await share('owner', id, { user: ids.colleague }, [VIEW, CHANGE])).statusCode, 204);
      assert.equal((await publish('maintainer', id)).statusCode, 200);
      const response = await as.maintainer!({ method: 'GET', url: `/api/experiments/${id}/permissions` });
      assert.equal(response.statusCode, 200);
      const body = response.json<{
        users: { holder: { username: string }; permissions: { perm: string }[] }[];
        grants: { holder: object; permission: string; counts: boolean; expiresAt: string | null }[];
      }>();
      const colleague = body.users.find((u) => u.holder.username === 'colleague')!;
      assert.deepEqual(
        colleague.permissions.map((p) => p.perm),
        ['batterydb.add_experiment', VIEW],
        'change does not count on a public experiment',
      );
      assert.deepEqual(body.grants.map((g) => [g.permission, g.counts]).sort(), [
        [CHANGE, false],
        [VIEW, true],
      ]);
      assert.deepEqual(body.grants[0]!.holder, { user: { id: ids.colleague, username: 'colleague' } });
      // The answer is described in the OpenAPI document, field by field.
      const doc = (await s.app.inject({ method: 'GET', url: '/api/openapi.json' })).json<{
        paths: Record<
          string,
          Record<
            string,
            { responses: Record<string, { content: Record<string, { schema: { properties: object } }> }> }
          >
        >;
      }>();
      const schema =
        doc.paths['/api/experiments/{id}/permissions']!.get!.responses['200']!.content['application/json']!
          .schema;
      assert.deepEqual(Object.keys(schema.properties).sort(), ['everyone', 'grants', 'groups', 'users']);
    });

    test('the grantable permissions are what the policy allows for that holder', async () => {
      const id = await experiment('owner', 'offer');
      const offer = async (actor: string, holder: { user: number } | { group: number }) =>
        (await s.authz.experiments.grantable(ids[actor]!, id, holder))
          .filter((o) => o.decision.allowed)
          .map((o) => o.permission)
          .sort();
      assert.deepEqual(await offer('owner', { user: ids.colleague! }), [CHANGE, DELETE, VIEW]);
      assert.deepEqual(await offer('owner', { user: ids.owner! }), []);
      assert.deepEqual(await offer('owner', { group: await group('Contributor') }), []);
      assert.deepEqual(
        await offer('maintainer', { user: ids.colleague! }),
        [CHANGE, STATUS, DELETE, VIEW].sort(),
      );
      assert.deepEqual(await offer('plain', { user: ids.colleague! }), []);
    });
  });
}
