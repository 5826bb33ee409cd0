/**
 * Scoped API tokens over HTTP (SPEC §5, issue 22): a token limited to "add files to experiment A"
 * reads and uploads there, is answered 404 on an experiment it may not see and 403 where it may
 * see but not act — exactly as a user without the right; creating a token carrying rights its
 * creator lacks is 403 with the reason; a revoke of the user's right ends the token's at once;
 * the scope is listed; the admin is closed to scoped tokens; a scoped token sees only itself.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { syntheticCyclerCsv } from '../../src/cycler/index.ts';
import { DIALECTS } from '../../../../test-support/databases.ts';
import { dataServer, type DataServer, multipart } from '../imports/support/data-server.ts';

const CSV = syntheticCyclerCsv({
  cycles: 1,
  pointsPerHalfCycle: 10,
  capacityAh: 1,
  fadePerCycle: 0,
  seed: 3,
});
const UPLOAD = ['batterydb.change_experiment', 'batterydb.view_experiment'] as const; // as listed: sorted

for (const dialect of DIALECTS) {
  describe(`scoped API tokens over HTTP (${dialect})`, () => {
    let s: DataServer;
    let mine: number; // the owner's private experiment, in scope
    let other: number; // the owner's private experiment, not in scope
    let published: number; // public: visible to the user, not in scope
    let token: string;
    const bearer = (secret: string, method: 'GET' | 'POST' | 'DELETE', url: string, payload?: object) =>
      s.app.inject({
        method,
        url,
        headers: { authorization: `Bearer ${secret}` },
        ...(payload ? { payload } : {}),
      });
    const uploadWith = (secret: string, experimentId: number, name: string) => {
      const { payload, headers } = multipart(name, CSV);
      return s.app.inject({
        method: 'POST',
        url: `/api/experiments/${experimentId}/files?duplicate=allow`,
        payload,
        headers: { ...headers, authorization: `Bearer ${secret}` },
      });
    };
    const ownerToken = async (scope: object | null) => {
      const olivia = await s.authz.createApiToken(s.userIds.owner, {
        name: 'session stand-in',
        expiresAt: null,
      });
      return bearer(olivia.token, 'POST', '/api/auth/tokens', { name: 'cycler PC', scope });
    };

    before(async () => {
      s = await dataServer(dialect);
      mine = await s.experiment();
      other = await s.experiment();
      published = await s.experiment({ status: 'public' });
      const made = await ownerToken(UPLOAD.map((permission) => ({ permission, objects: [mine] })));
      assert.equal(made.statusCode, 201, made.body);
      token = made.json<{ token: string }>().token;
    });
    after(() => s.close());

    test('inside its scope it reads and uploads; outside, 404 or 403 as for a user without the right', async () => {
      assert.equal((await bearer(token, 'GET', `/api/experiments/${mine}`)).statusCode, 200);
      assert.equal((await uploadWith(token, mine, 'a.csv')).statusCode, 201);
      // Outside the scope: the owner's other private experiment is invisible to the token (404) …
      assert.equal((await bearer(token, 'GET', `/api/experiments/${other}`)).statusCode, 404);
      assert.equal((await uploadWith(token, other, 'b.csv')).statusCode, 404);
      // … and so is a public one (view is scoped to `mine` too).
      assert.equal((await bearer(token, 'GET', `/api/experiments/${published}`)).statusCode, 404);
      const list = await bearer(token, 'GET', '/api/experiments?total=exact');
      assert.deepEqual(
        list.json<{ items: { id: number }[] }>().items.map((e) => e.id),
        [mine],
      );
      // Creating experiments needs add_experiment at model level, which the scope lacks.
      const create = await bearer(token, 'POST', '/api/experiments', { title: 'x' });
      assert.equal(create.statusCode, 403);
      // A view-only scope on `mine`: visible, but uploading is 403.
      const viewOnly = await ownerToken([{ permission: 'batterydb.view_experiment', objects: [mine] }]);
      const reader = viewOnly.json<{ token: string }>().token;
      assert.equal((await bearer(reader, 'GET', `/api/experiments/${mine}/files`)).statusCode, 200);
      assert.equal((await uploadWith(reader, mine, 'c.csv')).statusCode, 403);
    });

    test('a token cannot carry a right its creator lacks (403 with the reason)', async () => {
      const foreign = await s.authz.createApiToken(s.userIds.contributor, { name: 'carl', expiresAt: null });
      const refused = await bearer(foreign.token, 'POST', '/api/auth/tokens', {
        name: 'borrowed',
        scope: [{ permission: 'batterydb.change_experiment', objects: [mine] }],
      });
      assert.equal(refused.statusCode, 403);
      assert.match(refused.json<{ detail: string }>().detail, /change_experiment on experiment/);
      const modelLevel = await ownerToken([{ permission: 'batterydb.change_experiment_status' }]);
      assert.equal(modelLevel.statusCode, 403);
      // A scoped token makes tokens within its own scope only.
      const wider = await bearer(token, 'POST', '/api/auth/tokens', { name: 'wider', scope: null });
      assert.equal(wider.statusCode, 403);
      const narrower = await bearer(token, 'POST', '/api/auth/tokens', {
        name: 'narrower',
        scope: [{ permission: 'batterydb.view_experiment', objects: [mine] }],
      });
      assert.equal(narrower.statusCode, 201, narrower.body);
      const unknown = await ownerToken([{ permission: 'batterydb.fly_experiment' }]);
      assert.equal(unknown.statusCode, 400);
    });

    test('the scope is listed; a scoped token sees and revokes only itself', async () => {
      const listed = await bearer(token, 'GET', '/api/auth/tokens');
      const items = listed.json<{ id: number; scope: unknown }[]>();
      assert.equal(items.length, 1);
      assert.deepEqual(
        items[0]!.scope,
        UPLOAD.map((permission) => ({ permission, objects: [mine] })),
      );
      const all = await s.authz.listApiTokens(s.userIds.owner);
      const someoneElse = all.find((t) => t.id !== items[0]!.id)!;
      assert.equal((await bearer(token, 'DELETE', `/api/auth/tokens/${someoneElse.id}`)).statusCode, 404);
    });

    test('the account page and the admin show each token’s scope', async () => {
      const scope = `batterydb.change_experiment on ${mine}; batterydb.view_experiment on ${mine}`;
      const admin = await s.as('superuser', { method: 'GET', url: `/admin/users/${s.userIds.owner}` });
      assert.equal(admin.statusCode, 200);
      assert.ok(admin.body.includes(`<strong>cycler PC</strong>: ${scope}`), admin.body);
      assert.ok(admin.body.includes('everything you may do'));
      const account = await s.as('owner', { method: 'GET', url: '/account' });
      assert.equal(account.statusCode, 200);
      assert.ok(account.body.includes(`<td>${scope}</td>`));
    });

    test("the user's revoked right ends the token's at once", async () => {
      const shared = await s.experiment();
      await s.authz.experiments.assign({ user: s.userIds.contributor }, 'batterydb.view_experiment', shared);
      const carl = await s.authz.createApiToken(s.userIds.contributor, {
        name: 'carl',
        expiresAt: null,
        scope: [{ permission: 'batterydb.view_experiment', objects: [shared] }],
      });
      assert.equal((await bearer(carl.token, 'GET', `/api/experiments/${shared}`)).statusCode, 200);
      await s.authz.experiments.remove({ user: s.userIds.contributor }, 'batterydb.view_experiment', shared);
      assert.equal((await bearer(carl.token, 'GET', `/api/experiments/${shared}`)).statusCode, 404);
    });

    test('the admin is closed to scoped tokens, even a superuser’s', async () => {
      const root = await s.authz.createApiToken(s.userIds.superuser, {
        name: 'root scoped',
        expiresAt: null,
        scope: [{ permission: 'auth.view_user' }],
      });
      assert.equal((await bearer(root.token, 'GET', '/api/admin/users')).statusCode, 403);
      // A scoped superuser token holds only its scope: no experiment is visible.
      assert.equal((await bearer(root.token, 'GET', `/api/experiments/${mine}`)).statusCode, 404);
      const count = await s.connection.db
        .selectFrom('authz_api_token_scope')
        .select(sql<number>`count(*)`.as('n'))
        .executeTakeFirstOrThrow();
      assert.ok(Number(count.n) > 0);
    });
  });
}
