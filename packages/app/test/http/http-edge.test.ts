import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DIALECTS } from '../../../../test-support/databases.ts';
import { type Browser, makeUser, signIn, testServer, type TestServer } from './support/server.ts';

type Problem = { type: string; title: string; status: number; code: string; field?: string; detail: string };

for (const dialect of DIALECTS) {
  describe(`HTTP edge (${dialect})`, () => {
    let s: TestServer;
    let root: Browser;
    before(async () => {
      s = await testServer(dialect);
      await makeUser(s.authz, 'root', { staff: true, superuser: true });
      await makeUser(s.authz, 'alice');
      root = await signIn(s.app, 'root', 'root-password');
    });
    after(() => s.close());

    test('errors are RFC 9457 problems with a stable code; 404 and 405 with Allow', async () => {
      const missing = await s.app.inject({ method: 'GET', url: '/api/nothing-here' });
      assert.equal(missing.statusCode, 404);
      assert.match(missing.headers['content-type'] as string, /^application\/problem\+json/);
      const problem = missing.json<Problem>();
      assert.equal(problem.code, 'NOT_FOUND');
      assert.equal(problem.status, 404);
      assert.equal(problem.title, 'Not Found');
      assert.match(problem.type, /^urn:batterydb:problem:/);
      for (const [method, url, allow] of [
        ['DELETE', '/api/admin/users', 'GET, HEAD, POST'],
        ['GET', '/api/auth/login', 'POST'],
        ['PUT', '/api/admin/users/5', 'GET, HEAD, PATCH'],
        ['POST', '/healthz', 'GET, HEAD'],
      ] as const) {
        const response = await s.app.inject({ method, url });
        assert.equal(response.statusCode, 405, `${method} ${url}`);
        assert.equal(response.headers.allow, allow);
        assert.equal(response.json<Problem>().code, 'METHOD_NOT_ALLOWED');
      }
    });

    test('/api/openapi.json describes every route with who may call it', async () => {
      await s.app.ready();
      const doc = (await s.app.inject({ method: 'GET', url: '/api/openapi.json' })).json<{
        openapi: string;
        paths: Record<string, Record<string, { description: string; security: unknown[] }>>;
      }>();
      assert.match(doc.openapi, /^3\./);
      // The HTML pages (SPEC §5: "HTML pages elsewhere") are not part of the API's description.
      const apiRoutes = s.app.batterydb.routes.filter(
        (r) => r.url.startsWith('/api/') || r.url === '/healthz',
      );
      for (const route of apiRoutes.filter((r) => r.method !== 'HEAD')) {
        const path = route.url.replace(/:(\w+)/g, '{$1}');
        const operation = doc.paths[path]?.[route.method.toLowerCase()];
        assert.ok(operation, `${route.method} ${route.url} is described`);
        assert.match(operation.description, /Access: `/);
        assert.equal(operation.security.length === 0, route.access?.kind === 'public', route.url);
      }
    });

    test('every admin route is staff-only with a model permission', () => {
      const admin = s.app.batterydb.routes.filter((r) => r.url.startsWith('/api/admin'));
      assert.ok(admin.length >= 19);
      for (const r of admin) assert.equal(r.access?.kind, 'staff', `${r.method} ${r.url}`);
    });

    test('security headers: a strict CSP, no sniffing, no framing; API answers are not cached', async () => {
      for (const url of ['/healthz', '/api/auth/me', '/api/nowhere']) {
        const response = await s.app.inject({ method: 'GET', url });
        const csp = response.headers['content-security-policy'] as string;
        assert.match(csp, /default-src 'self'/);
        assert.match(csp, /frame-ancestors 'none'/);
        assert.match(csp, /object-src 'none'/);
        assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
        assert.equal(response.headers['x-content-type-options'], 'nosniff');
        assert.equal(response.headers['referrer-policy'], 'no-referrer');
        if (url.startsWith('/api/')) assert.equal(response.headers['cache-control'], 'no-store');
      }
    });

    test('request bodies are limited (413)', async () => {
      const response = await s.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: 'alice', password: 'x'.repeat(70 * 1024) },
      });
      assert.equal(response.statusCode, 413);
      assert.equal(response.json<Problem>().code, 'PAYLOAD_TOO_LARGE');
    });

    test('bad credentials input is 400 naming the field, before any hashing', async () => {
      const raw = (body: string) =>
        s.app.inject({
          method: 'POST',
          url: '/api/auth/login',
          headers: { 'content-type': 'application/json' },
          payload: body,
        });
      const cases: [string, string, string][] = [
        ['{"password":"alice-password"}', 'username', 'INVALID_INPUT'],
        ['{"username":"","password":"alice-password"}', 'username', 'INVALID_INPUT'],
        [`{"username":"${'a'.repeat(151)}","password":"alice-password"}`, 'username', 'INVALID_INPUT'],
        ['{"username":123,"password":"alice-password"}', 'username', 'INVALID_INPUT'],
        ['{"username":null,"password":"alice-password"}', 'username', 'INVALID_INPUT'],
        ['{"username":["alice"],"password":"alice-password"}', 'username', 'INVALID_INPUT'],
        ['{"username":{"$ne":""},"password":"alice-password"}', 'username', 'INVALID_INPUT'],
        ['{"username":"alice","password":""}', 'password', 'INVALID_INPUT'],
        ['{"username":"alice","password":true}', 'password', 'INVALID_INPUT'],
        [`{"username":"alice","password":"${'p'.repeat(1025)}"}`, 'password', 'INVALID_INPUT'],
        [`{"username":"alice","password":"${'é'.repeat(600)}"}`, 'password', 'INVALID_INPUT'],
        ['{"username":"alice","password":"alice-password","remember":true}', 'remember', 'INVALID_INPUT'],
        ['["alice","alice-password"]', 'body', 'INVALID_INPUT'],
        ['"alice"', 'body', 'INVALID_INPUT'],
        ['null', 'body', 'INVALID_INPUT'],
        ['', 'body', 'INVALID_INPUT'],
        ['{"username":"alice",', 'body', 'INVALID_JSON'],
        [
          '{"username":"alice","password":"alice-password","__proto__":{"isSuperuser":true}}',
          '__proto__',
          'INVALID_INPUT',
        ],
        [
          '{"username":"alice","password":"alice-password","constructor":{"prototype":{}}}',
          'constructor',
          'INVALID_INPUT',
        ],
        [
          '{"username":"alice","password":"alice-password","x":{"__proto__":{}}}',
          '__proto__',
          'INVALID_INPUT',
        ],
      ];
      const hashes = s.hasher.hashes + s.hasher.verifies;
      for (const [body, field, code] of cases) {
        const response = await raw(body);
        assert.equal(response.statusCode, 400, body);
        const problem = response.json<Problem>();
        assert.equal(problem.field, field, body);
        assert.equal(problem.code, code, body);
        assert.equal(response.cookies.length, 0);
      }
      assert.equal(s.hasher.hashes + s.hasher.verifies, hashes, 'nothing was hashed');
      assert.equal(({} as Record<string, unknown>).isSuperuser, undefined, 'no prototype was polluted');
    });

    test('bad ids and repeated query parameters are 400 naming the field; nothing changes', async () => {
      const alice = (await s.authz.findUserByUsername('alice'))!;
      const before = JSON.stringify(await s.db.selectFrom('authz_user').selectAll().orderBy('id').execute());
      for (const id of [
        'abc',
        '0',
        '-1',
        '1.5',
        '1e3',
        '0x1',
        '01',
        '2147483648',
        ' 1',
        `${alice.id},${alice.id}`,
      ]) {
        const response = await root.request({
          method: 'PATCH',
          url: `/api/admin/users/${encodeURIComponent(id)}`,
          payload: { isStaff: true },
        });
        assert.equal(response.statusCode, 400, id);
        assert.equal(response.json<Problem>().field, 'id', id);
      }
      const repeated = await root.request({ method: 'GET', url: '/api/admin/users?search=a&search=b' });
      assert.equal(repeated.statusCode, 400);
      assert.equal(repeated.json<Problem>().field, 'search');
      const proto = await root.request({ method: 'GET', url: '/api/admin/users?__proto__=x' });
      assert.equal(proto.json<Problem>().field, '__proto__');
      const nested = await root.request({
        method: 'PATCH',
        url: `/api/admin/users/${alice.id}`,
        payload: { isStaff: 1 },
      });
      assert.equal(nested.json<Problem>().field, 'isStaff', 'no coercion: 1 is not true');
      assert.equal(
        JSON.stringify(await s.db.selectFrom('authz_user').selectAll().orderBy('id').execute()),
        before,
      );
    });
  });
}
