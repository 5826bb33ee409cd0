/**
 * Many people at once (issue 19, SPEC §5 "Concurrent requests are not the client's problem"),
 * through a listening server and real HTTP clients on both dialects: concurrent sign-ins of one
 * account, writers on separate experiments (no 409, no 5xx), two writers on one grant set
 * (2xx or 409, the final state one serial order of what succeeded). Outcomes only, no timings.
 */
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { DIALECTS } from '../../../../test-support/databases.ts';
import { ROLE_MAINTAINER } from '../../src/authz/roles.ts';
import { createExperiments } from '../../src/experiments/create-experiments.ts';
import { buildApp } from '../../src/server/build-app.ts';
import { appDatabase } from '../support/app-db.ts';
import { request, type Response } from '../support/server-process.ts';

/** How long the writers keep writing: long enough for many overlapping transactions. */
const WRITE_FOR_MS = 3000;
const WRITERS = 4;

for (const dialect of DIALECTS) {
  describe(`many clients at once (${dialect})`, () => {
    let site: Awaited<ReturnType<typeof appDatabase>>;
    let app: Awaited<ReturnType<typeof buildApp>>;
    let base: string;
    const agent = new http.Agent({ keepAlive: true, maxSockets: 32 });
    /** Writer i: a Maintainer with an API token, owning experiment i, sharing it with reader i. */
    const writers: { token: string; experimentId: number; readerId: number }[] = [];

    before(async () => {
      site = await appDatabase(dialect);
      const { authz } = site;
      const maintainers = (await authz.findGroupByName(ROLE_MAINTAINER))!.id;
      await authz.createUser({ username: 'sam', password: 'sam-password' });
      for (let i = 0; i < WRITERS; i++) {
        const writer = await authz.createUser({ username: `writer${i}`, password: `writer${i}-password` });
        await authz.addMember(maintainers, writer.id);
        const reader = await authz.createUser({ username: `reader${i}`, password: `reader${i}-password` });
        const { token } = await authz.createApiToken(writer.id, { name: 'load', expiresAt: null });
        const [experiment] = await createExperiments(authz, writer.id, [{ title: `cell ${i}` }]);
        writers.push({ token, experimentId: Number(experiment!.id), readerId: reader.id });
      }
      app = await buildApp({ connection: site.connection, authz });
      await app.listen({ host: '127.0.0.1', port: 0 });
      base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    });
    after(async () => {
      agent.destroy();
      await app.close();
      await site.close();
    });

    const call = (token: string, method: string, path: string, body: unknown): Promise<Response> => {
      const text = JSON.stringify(body);
      // A length, not chunks: node's client sends a DELETE's body with neither by default.
      const headers = {
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
        'content-length': String(Buffer.byteLength(text)),
      };
      return request(base, { method, path, headers, body: text }, agent);
    };

    test('20 concurrent sign-ins of one account with the right password: 20 × 200', async () => {
      const answers = await Promise.all(
        Array.from({ length: 20 }, () =>
          request(
            base,
            {
              method: 'POST',
              path: '/api/auth/login',
              headers: { 'content-type': 'application/json' },
              body: JSON.stringify({ username: 'sam', password: 'sam-password' }),
            },
            agent,
          ),
        ),
      );
      assert.deepEqual(
        answers.map((a) => a.status),
        answers.map(() => 200),
        answers.map((a) => a.body).join('\n'),
      );
    });

    test(`${WRITERS} writers on separate experiments (grants, revocations, status changes): no 409, no 5xx`, async () => {
      const statuses = new Map<number, number>();
      const until = Date.now() + WRITE_FOR_MS;
      await Promise.all(
        writers.map(async ({ token, experimentId: id, readerId }) => {
          const grant = { user: readerId, permissions: ['batterydb.view_experiment'] };
          while (Date.now() < until)
            for (const [method, path, body] of [
              ['POST', `/api/experiments/${id}/grants`, grant],
              ['PUT', `/api/experiments/${id}/status`, { status: 'public' }],
              ['PUT', `/api/experiments/${id}/status`, { status: 'private' }],
              ['DELETE', `/api/experiments/${id}/grants`, grant],
            ] as const) {
              const answer = await call(token, method, path, body);
              statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
              assert.ok(answer.status < 300, `${method} ${path}: ${answer.status} ${answer.body}`);
            }
        }),
      );
      assert.deepEqual([...statuses.keys()].sort(), [200, 204]);
    });

    test('two writers on one grant set: every answer 2xx or 409, the final state one serial order', async () => {
      const [{ token, experimentId: id, readerId }, other] = [writers[0]!, writers[1]!];
      // The second Maintainer manages the first's experiment through a grant of change.
      const shared = await call(token, 'POST', `/api/experiments/${id}/grants`, {
        user: (await site.authz.findUserByUsername('writer1'))!.id,
        permissions: ['batterydb.view_experiment', 'batterydb.change_experiment'],
      });
      assert.equal(shared.status, 204, shared.body);
      const startId = (await site.authz.findAuditEntries({ limit: 1 })).entries[0]!.id;
      const view = ['batterydb.view_experiment'];
      const viewAndChange = ['batterydb.view_experiment', 'batterydb.change_experiment'];
      // Writer 0 grants view and change and revokes view alone (a 409 while change stays);
      // writer 1 grants view alone and revokes both.
      const plans = [
        [
          ['POST', viewAndChange],
          ['DELETE', view],
        ],
        [
          ['POST', view],
          ['DELETE', viewAndChange],
        ],
      ] as const;
      const statuses: number[] = [];
      await Promise.all(
        [token, other.token].map(async (t, writer) => {
          for (let n = 0; n < 16; n++) {
            const [method, permissions] = plans[writer]![n % 2]!;
            const answer = await call(t, method, `/api/experiments/${id}/grants`, {
              user: readerId,
              permissions,
            });
            statuses.push(answer.status);
            assert.ok([204, 409].includes(answer.status), `${method}: ${answer.status} ${answer.body}`);
          }
        }),
      );
      assert.ok(statuses.includes(204));
      // Every change that committed is one audit entry with the holder's grants before and after.
      // Serializable means they chain: from no grants, each entry's "before" is the one before's
      // "after", ending in the grants stored now.
      const { entries } = await site.authz.findAuditEntries({ targetId: id, limit: 1000 });
      const steps = entries
        .filter((e) => e.id > startId && e.action.startsWith('grant.'))
        .map((e) => ({
          before: JSON.stringify((e.before as { grants: unknown }).grants),
          after: JSON.stringify((e.after as { grants: unknown }).grants),
        }));
      const stored = await site.connection.db
        .selectFrom('experiment_user_grant as g')
        .innerJoin('authz_permission as p', 'p.id', 'g.permission_id')
        .select(['p.app', 'p.codename', 'g.expires_at'])
        .where('g.object_id', '=', id)
        .where('g.user_id', '=', readerId)
        .execute();
      const final = JSON.stringify(
        stored
          .map((r) => `${r.app}.${r.codename}`)
          .sort()
          .map((permission) => ({ permission, expiresAt: null })),
      );
      assert.ok(chains('[]', steps, final), `no serial order of ${JSON.stringify(steps)} ends in ${final}`);
    });
  });
}

/** Whether `steps` can be put in an order where each starts where the last ended, from `from` to `to`. */
function chains(from: string, steps: readonly { before: string; after: string }[], to: string): boolean {
  if (steps.length === 0) return from === to;
  return steps.some(
    (step, i) =>
      step.before === from &&
      chains(
        step.after,
        steps.filter((_, j) => j !== i),
        to,
      ),
  );
}
