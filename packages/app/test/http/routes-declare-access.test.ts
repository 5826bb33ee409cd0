import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { buildApp } from '../../src/server/build-app.ts';
import { appDatabase } from '../support/app-db.ts';

describe('every route declares its access (deny by default)', () => {
  test('the route table has no route without config.access', async () => {
    const app = await appDatabase('sqlite');
    const server = await buildApp({ connection: app.connection, authz: app.authz });
    await server.ready();
    const { routes } = server.batterydb;
    assert.ok(
      routes.some((r) => r.url === '/healthz'),
      'the walk sees the registered routes',
    );
    const missing = routes.filter((r) => !r.access).map((r) => `${r.method} ${r.url}`);
    assert.deepEqual(missing, []);
    // The table is complete: every route Fastify can find is in it.
    for (const r of routes) assert.ok(server.hasRoute({ method: r.method, url: r.url }), r.url);
    await server.close();
    await app.close();
  });

  test('registering a route without access fails at registration time', async () => {
    const app = await appDatabase('sqlite');
    const server = await buildApp({ connection: app.connection, authz: app.authz });
    assert.throws(() => server.get('/oops', () => 'x'), /declares no access/);
    await server.close();
    await app.close();
  });
});
