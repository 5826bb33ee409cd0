/**
 * Issue 9: what /api/openapi.json says a route accepts is what the server accepts — a generated
 * client that keeps to the document is never refused for a limit, and one that exceeds it is.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DIALECTS } from '../../../../test-support/databases.ts';
import { type Browser, makeUser, signIn, testServer, type TestServer } from './support/server.ts';

interface Param {
  name: string;
  in: string;
  schema: { pattern?: string; maxLength?: number; minLength?: number };
}
interface Operation {
  parameters?: Param[];
  requestBody?: { content: Record<string, { schema: { properties?: Record<string, unknown> } }> };
}
type Doc = { paths: Record<string, Record<string, Operation>> };

/** The largest value a digit-string pattern accepts, found by asking the pattern itself. */
function largestAccepted(pattern: string): number {
  const re = new RegExp(pattern);
  let largest = 0;
  for (let n = 1; n <= 10_000; n++) if (re.test(String(n))) largest = n;
  return largest;
}

for (const dialect of DIALECTS) {
  describe(`OpenAPI limits equal the server's (${dialect})`, () => {
    let s: TestServer;
    let root: Browser;
    let doc: Doc;
    before(async () => {
      s = await testServer(dialect);
      await makeUser(s.authz, 'root', { staff: true, superuser: true });
      root = await signIn(s.app, 'root', 'root-password');
      await s.app.ready();
      doc = (await s.app.inject({ method: 'GET', url: '/api/openapi.json' })).json<Doc>();
    });
    after(() => s.close());

    test('every `limit`: the documented maximum is accepted, one more is refused naming limit', async () => {
      const routes = Object.entries(doc.paths).flatMap(([path, ops]) =>
        Object.entries(ops)
          .filter(([, op]) => op.parameters?.some((p) => p.in === 'query' && p.name === 'limit'))
          .map(([method, op]) => ({ path, method, op })),
      );
      assert.ok(routes.length >= 4, routes.map((r) => r.path).join(', '));
      for (const { path, method, op } of routes) {
        assert.ok(!path.includes('{'), `${path}: a list route without path parameters`);
        const limit = op.parameters!.find((p) => p.name === 'limit')!;
        const max = largestAccepted(limit.schema.pattern!);
        assert.equal(max, 100, `${path}: every list pages by at most 100`);
        const ask = (value: number) =>
          root.request({ method: method.toUpperCase(), url: `${path}?limit=${value}` });
        assert.equal((await ask(max)).statusCode, 200, `${path}?limit=${max}`);
        const over = await ask(max + 1);
        assert.equal(over.statusCode, 400, `${path}?limit=${max + 1}`);
        const problem = over.json<{ field: string; detail: string }>();
        assert.equal(problem.field, 'limit');
        assert.match(problem.detail, /^limit must be a whole number from 1 to 100\b/, 'said in words');
      }
    });

    test('new passwords: the documented length range is exactly what is accepted', async () => {
      const body = doc.paths['/api/admin/users']!.post!.requestBody!.content['application/json']!.schema;
      const password = body.properties!.password as { minLength: number; maxLength: number };
      assert.deepEqual([password.minLength, password.maxLength], [8, 128]);
      const change = doc.paths['/api/auth/password']!.post!.requestBody!.content['application/json']!.schema;
      assert.deepEqual(change.properties!.newPassword, { ...password, type: 'string' });
      // A random-looking password of each length (never a breached one, never like the name).
      const of = (length: number) =>
        Array.from({ length }, (_, i) => 'qzjxkvwpfmhgbtrd'[(i * 7 + length) % 16]).join('');
      let n = 0;
      const create = (pw: string) =>
        root.request({
          method: 'POST',
          url: '/api/admin/users',
          payload: { username: `limits${(n += 1)}`, password: pw },
        });
      for (const length of [password.minLength, password.maxLength])
        assert.equal((await create(of(length))).statusCode, 201, `${length} characters`);
      for (const length of [password.minLength - 1, password.maxLength + 1]) {
        const refused = await create(of(length));
        assert.equal(refused.statusCode, 400, `${length} characters`);
        assert.equal(refused.json<{ field: string }>().field, 'password');
      }
    });
  });
}
