import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DIALECTS } from '../../../../test-support/databases.ts';
import { buildApp } from '../../src/server/build-app.ts';
import { appDatabase } from '../support/app-db.ts';

for (const dialect of DIALECTS) {
  describe(`GET /healthz (${dialect})`, () => {
    test('/healthz and /readyz answer 200 with the dialect', async () => {
      const app = await appDatabase(dialect);
      const server = await buildApp({ connection: app.connection, authz: app.authz });
      const response = await server.inject({ method: 'GET', url: '/healthz' });
      assert.equal(response.statusCode, 200);
      assert.deepEqual(response.json(), { status: 'ok', database: dialect });
      // Readiness: the database took a committed write (the heartbeat row).
      const ready = await server.inject({ method: 'GET', url: '/readyz' });
      assert.equal(ready.statusCode, 200);
      assert.deepEqual(ready.json(), { status: 'ready', database: dialect });
      const beat = await app.connection.db.selectFrom('heartbeat').selectAll().execute();
      assert.equal(beat.length, 1);
      await server.close();
      await app.close();
    });
  });
}
