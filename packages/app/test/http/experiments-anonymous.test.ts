import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { DIALECTS } from '../../../../test-support/databases.ts';
import { createExperiments } from '../../src/experiments/create-experiments.ts';
import { testServer, type TestServer } from './support/server.ts';

for (const dialect of DIALECTS) {
  describe(`anonymous reading of experiments (${dialect})`, () => {
    for (const anonymousRead of [false, true]) {
      describe(`setting ${anonymousRead ? 'on' : 'off (the default)'}`, () => {
        let s: TestServer;
        let publicId = 0;
        let privateId = 0;
        before(async () => {
          s = await testServer(dialect, { anonymousRead });
          const owner = await s.authz.createUser({ username: 'owner' });
          await s.authz.addMember((await s.authz.findGroupByName('Contributor'))!.id, owner.id);
          const [a, b] = await createExperiments(s.authz, owner.id, [
            { title: 'open LFP' },
            { title: 'hidden LFP' },
          ]);
          publicId = Number(a!.id);
          privateId = Number(b!.id);
          await s.authz.experiments.update(sql`id = ${publicId}`, { status: 'public' });
        });
        after(() => s.close());

        test('signed-out visitors see public experiments only when it is on, and never private ones', async () => {
          const list = await s.app.inject({ method: 'GET', url: '/api/experiments?q=lfp' });
          const one = await s.app.inject({ method: 'GET', url: `/api/experiments/${publicId}` });
          const hidden = await s.app.inject({ method: 'GET', url: `/api/experiments/${privateId}` });
          if (!anonymousRead) {
            assert.deepEqual([list.statusCode, one.statusCode, hidden.statusCode], [401, 401, 401]);
            return;
          }
          assert.equal(list.statusCode, 200);
          const body = list.json<{ items: { id: number }[]; total: number }>();
          assert.deepEqual(
            body.items.map((e) => e.id),
            [publicId],
          );
          assert.equal(body.total, 1);
          assert.equal(one.statusCode, 200);
          assert.equal(hidden.statusCode, 404);
          // Reading only: writes still need a signed-in caller.
          const write = await s.app.inject({
            method: 'PATCH',
            url: `/api/experiments/${publicId}`,
            payload: { title: 'x' },
          });
          assert.equal(write.statusCode, 401);
        });
      });
    }
  });
}
