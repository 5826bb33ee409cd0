/**
 * A request to every route of the app's route table — API and pages — so a route added without
 * the right access fails here (issue 8, "tests that can fail"), on every dialect:
 * - signed out → 401 on every route that is not public (pages may redirect to sign-in instead);
 * - signed in with no permission at all, staff or not → 403 on every staff and permission
 *   route, 404 on every route about one private experiment of someone else (never revealing it),
 *   and an empty list where the route lists.
 * Bodies are valid, so that the answer is the authorization's and not the validation's.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { InjectOptions } from 'fastify';
import { DIALECTS } from '../../../../test-support/databases.ts';
import { createExperiments } from '../../src/experiments/create-experiments.ts';
import type { RouteEntry } from '../../src/server/http/route-table.ts';
import { makeUser, testServer, type TestServer } from './support/server.ts';

/** Valid bodies of the routes that take one, by `METHOD url` (null: the route takes none). */
function bodyOf(route: RouteEntry, ids: { user: number }): unknown {
  const bodies: Record<string, unknown> = {
    'POST /api/auth/login': { username: 'x', password: 'y' },
    'POST /api/auth/logout': null,
    'POST /api/auth/password': { currentPassword: 'x', newPassword: 'a-long-enough-password' },
    'POST /api/auth/tokens': { name: 'walk' },
    'POST /api/admin/users/:id/deactivate': null,
    'POST /api/admin/users/:id/reactivate': null,
    'POST /api/imports/:id/retry': null,
    'POST /api/column-mappings': { name: 'walk' },
    'POST /api/admin/users': { username: 'walker' },
    'PATCH /api/admin/users/:id': { email: 'walk@lab.example' },
    'PUT /api/admin/users/:id/password': { password: 'a-long-enough-password' },
    'PUT /api/admin/users/:id/groups': { groups: [] },
    'PUT /api/admin/users/:id/permissions': { permissions: [] },
    'POST /api/admin/groups': { name: 'walkers' },
    'PATCH /api/admin/groups/:id': { name: 'walkers' },
    'POST /api/admin/groups/:id/members': { userId: ids.user },
    'PUT /api/admin/groups/:id/permissions': { permissions: [] },
    'POST /api/experiments': { title: 'walk' },
    'PATCH /api/experiments/:id': { description: 'walk' },
    'PUT /api/experiments/:id/status': { status: 'public' },
    'POST /api/experiments/:id/cells': { label: 'walk cell' },
    'PATCH /api/experiments/:id/cells/:cellId': { label: 'walk cell' },
    'PATCH /api/experiments/:id/files/:fileId': { cellId: 1 },
    'POST /api/experiments/:id/grants': { user: ids.user, permissions: ['batterydb.view_experiment'] },
    'DELETE /api/experiments/:id/grants': { user: ids.user, permissions: ['batterydb.view_experiment'] },
    'POST /api/experiments/:id/publication-requests': {},
    'POST /api/publication-requests/:id/decision': { decision: 'approve' },
    'POST /api/experiments/:id/release': { licence: 'CC-BY-4.0' },
    'POST /api/experiments/:id/versions': null,
    'POST /api/experiments/:id/versions/:n/withdraw': { reason: 'walk' },
    // Pages: HTML forms (form-encoded; a Bearer caller needs no CSRF field).
    'POST /experiments': { title: 'walk' },
    'POST /experiments/:id/edit': { title: 'walk' },
    'POST /experiments/:id/status': { status: 'public' },
    'POST /experiments/:id/release': { licence: 'CC-BY-4.0', confirm: 'yes' },
    'POST /experiments/:id/versions/:n/withdraw': { reason: 'walk' },
    'POST /experiments/:id/share': {
      kind: 'user',
      name: 'walk-owner',
      permissions: 'batterydb.view_experiment',
    },
    'POST /experiments/:id/share/revoke': {
      kind: 'user',
      name: 'walk-owner',
      permissions: 'batterydb.view_experiment',
    },
  };
  return bodies[`${route.method} ${route.url}`];
}

/** Routes about one experiment named in the query rather than the path (the private one). */
const ABOUT_BY_QUERY: Record<string, (experiment: number) => string> = {
  '/compare': (experiment) => `id=${experiment}`,
  '/api/compare/cycles': (experiment) => `id=${experiment}&format=csv`,
};
const queryOf = (route: RouteEntry) => ABOUT_BY_QUERY[route.url];

const needsBody = (route: RouteEntry) => ['POST', 'PUT', 'PATCH'].includes(route.method);
const isApi = (route: RouteEntry) => route.url.startsWith('/api/');

for (const dialect of DIALECTS) {
  describe(`route walk: every route refuses who may not call it (${dialect})`, () => {
    let s: TestServer;
    let routes: RouteEntry[];
    const ids = { experiment: 0, import: 0, user: 0, group: 0 };
    const tokens: Record<'plain' | 'staff', string> = { plain: '', staff: '' };

    before(async () => {
      s = await testServer(dialect);
      await s.app.ready();
      routes = s.app.batterydb.routes;
      const owner = await makeUser(s.authz, 'walk-owner', { perms: ['batterydb.add_experiment'] });
      ids.experiment = Number(
        (await createExperiments(s.authz, owner.id, [{ title: 'walk secret' }]))[0]!.id,
      );
      const now = s.clock.read();
      ids.import = (
        await s.db
          .insertInto('data_import')
          .values({
            experiment_id: ids.experiment,
            user_id: owner.id,
            file_name: 'walk.csv',
            status: 'failed',
            bytes_received: 0,
            bytes_parsed: 0,
            row_count: 0,
            point_count: 0,
            cycle_count: 0,
            created_at: now,
            updated_at: now,
          })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
      ids.user = owner.id;
      ids.group = (await s.authz.createGroup('walk group')).id;
      for (const kind of ['plain', 'staff'] as const) {
        const user = await makeUser(s.authz, `walk-${kind}`, { staff: kind === 'staff' });
        tokens[kind] = (await s.authz.createApiToken(user.id, { name: 'walk', expiresAt: null })).token;
      }
    });
    after(() => s.close());

    /** The id a route's `:id` stands for: the object of that kind the walk made. */
    function idFor(url: string): number {
      if (url.startsWith('/api/admin/groups/') || url.startsWith('/admin/groups/')) return ids.group;
      if (url.startsWith('/api/admin/users/') || url.startsWith('/admin/users/')) return ids.user;
      if (url.startsWith('/api/imports/')) return ids.import;
      if (url.startsWith('/api/auth/tokens/')) return 1;
      return ids.experiment;
    }

    /** The request for a route: path parameters filled, the body when it takes one. */
    function requestFor(route: RouteEntry, token: string | null): InjectOptions {
      const url = route.url
        .replace(':id', String(idFor(route.url)))
        .replace(':userId', String(ids.user))
        .replace(':fileId', '1')
        .replace(':cellId', '1')
        .replace(':importId', String(ids.import))
        .replace(':n', '1')
        .replace(':index', '1')
        .concat(queryOf(route) ? `?${queryOf(route)!(ids.experiment)}` : '');
      const body = bodyOf(route, ids);
      const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
      if (!isApi(route)) {
        // A page's form: fields of the table (most forms need none to reach their decision).
        if (!needsBody(route)) return { method: route.method, url, headers };
        const form = new URLSearchParams((body ?? {}) as Record<string, string>).toString();
        return {
          method: route.method,
          url,
          headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' },
          payload: form,
        };
      }
      const multipart = route.url === '/api/experiments/:id/files';
      if (needsBody(route) && body === undefined && !multipart)
        assert.fail(`give the route ${route.method} ${route.url} a valid body in the walk's table`);
      return {
        method: route.method,
        url,
        headers,
        ...(body === undefined || body === null ? {} : { payload: body }),
      };
    }

    // Open data (`dataset` routes) answers signed out by design: test/http/open-data.test.ts walks
    // every route signed out with private, public, released and withdrawn experiments.
    test('signed out: 401 on every route that is not public', async () => {
      let walked = 0;
      for (const route of routes.filter((r) => r.access?.kind !== 'public' && r.access?.kind !== 'dataset')) {
        const response = await s.app.inject(requestFor(route, null));
        const redirect =
          response.statusCode >= 300 && response.statusCode < 400 && !route.url.startsWith('/api/');
        assert.ok(
          response.statusCode === 401 || redirect,
          `${route.method} ${route.url}: ${response.statusCode} ${response.body}`,
        );
        walked += 1;
      }
      assert.ok(walked >= 50, `only ${walked} routes walked`);
    });

    for (const kind of ['plain', 'staff'] as const)
      test(`signed in with no permission (${kind === 'staff' ? 'staff' : 'not staff'}): 403 or 404 everywhere it matters`, async () => {
        for (const route of routes) {
          const access = route.access!;
          if (access.kind === 'public' || access.kind === 'signed-in') continue;
          const response = await s.app.inject(requestFor(route, tokens[kind]));
          const where = `${route.method} ${route.url}: ${response.statusCode} ${response.body}`;
          if (access.kind === 'staff' || access.kind === 'permission') {
            assert.equal(response.statusCode, 403, where);
          } else if (route.url.includes(':id') || queryOf(route)) {
            assert.equal(response.statusCode, 404, where);
            assert.doesNotMatch(response.body, /walk secret/, where);
          } else {
            // A list (or a page of lists): answered, with nothing of the private experiment in it.
            assert.equal(response.statusCode, 200, where);
            assert.doesNotMatch(response.body, /walk secret/, where);
            if (isApi(route) && route.method === 'GET')
              assert.equal(response.json<{ total: number }>().total, 0, where);
          }
        }
      });
  });
}
