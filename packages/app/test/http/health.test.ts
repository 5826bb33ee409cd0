import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DIALECTS } from '../../../../test-support/databases.ts';
import { buildApp } from '../../src/server/build-app.ts';
import { appDatabase } from '../support/app-db.ts';

for (const dialect of DIALECTS) {
  describe(`GET /healthz (${dialect})`, () => {
    test('answers 200 with the dialect', async () => {
      const app = await appDatabase(dialect);
      const server = await buildApp({ connection: app.connection, authz: app.authz });
      const response = await server.inject({ method: 'GET', url: '/healthz' });
      assert.equal(response.statusCode, 200);
      assert.deepEqual(response.json(), { status: 'ok', database: dialect });
      await server.close();
      await app.close();
    });
  });
}
