/**
 * Issue 19: a per-user rate limit is one limit across processes (and hosts): counted in the
 * database, so two app processes on one database refuse the user's lookup after the limit in
 * total, not after the limit in each.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DIALECTS } from '../../../../test-support/databases.ts';
import { LOOKUPS_PER_MINUTE } from '../../src/server/routes/directory.ts';
import { makeUser, testServer, type TestServer } from './support/server.ts';

for (const dialect of DIALECTS)
  describe(`a rate limit shared by processes (${dialect})`, () => {
    let s: TestServer;
    before(async () => {
      s = await testServer(dialect);
    });
    after(() => s.close());

    test(`GET /api/directory: ${LOOKUPS_PER_MINUTE} lookups a minute per user, across two processes`, async () => {
      const other = await s.anotherProcess();
      const user = await makeUser(s.authz, 'typist');
      const { token } = await s.authz.createApiToken(user.id, { name: 'lookups', expiresAt: null });
      const apps = [s.app, other.app];
      const statuses: number[] = [];
      for (let i = 0; i <= LOOKUPS_PER_MINUTE; i++) {
        const answer = await apps[i % 2]!.inject({
          method: 'GET',
          url: '/api/directory?q=t',
          headers: { authorization: `Bearer ${token}` },
        });
        statuses.push(answer.statusCode);
      }
      assert.deepEqual(
        statuses,
        [...Array<number>(LOOKUPS_PER_MINUTE).fill(200), 429],
        'the lookup after the limit is refused, whichever process answers',
      );
    });
  });
