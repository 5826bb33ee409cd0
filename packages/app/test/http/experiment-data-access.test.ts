/**
 * Data inherits the experiment's permissions (SPEC §3.3): every data route, every kind of
 * caller, a private and a public experiment, from one table. Not visible → 404 (never revealing
 * that a private experiment exists), visible but not allowed → 403, signed out → 401 unless
 * anonymous reading is on.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { syntheticCyclerCsv } from '../../src/cycler/index.ts';
import { DIALECTS } from '../../../../test-support/databases.ts';
import {
  type Caller,
  dataServer,
  type DataServer,
  multipart,
  upload,
} from '../imports/support/data-server.ts';

const CSV = syntheticCyclerCsv({
  cycles: 2,
  pointsPerHalfCycle: 20,
  capacityAh: 1,
  fadePerCycle: 0.01,
  seed: 5,
});

type Status = 'private' | 'public';
type Route =
  'cycles' | 'timeseries' | 'cycleCurves' | 'export' | 'files' | 'file' | 'imports' | 'import' | 'upload';
const CALLERS: Caller[] = ['anonymous', 'reader', 'contributor', 'owner', 'maintainer', 'superuser'];
const READS: Route[] = [
  'cycles',
  'timeseries',
  'cycleCurves',
  'export',
  'files',
  'file',
  'imports',
  'import',
];

/** The expected status of every (caller, experiment status, route), anonymous reading off. */
function expected(caller: Caller, status: Status, route: Route): number {
  if (caller === 'anonymous') return 401;
  const sees = status === 'public' || ['owner', 'maintainer', 'superuser'].includes(caller);
  if (!sees) return 404;
  if (route !== 'upload') return 200;
  const changes =
    caller === 'maintainer' || caller === 'superuser' || (caller === 'owner' && status === 'private');
  return changes ? 201 : 403;
}

interface Target {
  experimentId: number;
  fileId: number;
  importId: number;
}

function request(server: DataServer, caller: Caller, route: Route, t: Target) {
  const base = `/api/experiments/${t.experimentId}`;
  // The same file again on purpose: this test is about who may upload, not about duplicates.
  if (route === 'upload')
    return upload(server, caller, t.experimentId, 'cell.csv', CSV, { allowDuplicate: true });
  const url = {
    cycles: `${base}/cycles`,
    timeseries: `${base}/timeseries?points=50`,
    cycleCurves: `${base}/cycle-curves?fileId=${t.fileId}&cycle=1`,
    export: `${base}/export?format=csv`,
    files: `${base}/files`,
    file: `${base}/files/${t.fileId}`,
    imports: `${base}/imports`,
    import: `/api/imports/${t.importId}`,
  }[route];
  return server.as(caller, { method: 'GET', url });
}

async function withData(server: DataServer, status: Status): Promise<Target> {
  const experimentId = await server.experiment({ title: `${status} cell` });
  const made = await upload(server, 'owner', experimentId, 'cell.csv', CSV);
  assert.equal(made.statusCode, 201, made.body);
  const body = made.json<{ import: { id: number }; file: { id: number } }>();
  // Publishing comes after the upload: an owner may no longer change a public experiment.
  if (status === 'public')
    await server.authz.experiments.update(sql`id = ${experimentId}`, { status: 'public' });
  return { experimentId, fileId: body.file.id, importId: body.import.id };
}

for (const dialect of DIALECTS) {
  describe(`who may read and write an experiment's data (${dialect})`, () => {
    let server: DataServer;
    const targets = {} as Record<Status, Target>;
    before(async () => {
      server = await dataServer(dialect);
      targets.private = await withData(server, 'private');
      targets.public = await withData(server, 'public');
    });
    after(() => server.close());

    for (const status of ['private', 'public'] as const)
      for (const caller of CALLERS)
        test(`${caller} on a ${status} experiment`, async () => {
          for (const route of [...READS, 'upload'] as Route[]) {
            const response = await request(server, caller, route, targets[status]);
            assert.equal(
              response.statusCode,
              expected(caller, status, route),
              `${caller} ${route} ${status}: ${response.body.slice(0, 200)}`,
            );
            if (response.statusCode === 404)
              assert.doesNotMatch(response.body, /private|permission/i, 'a 404 says nothing about why');
          }
        });

    test('a private experiment and one that does not exist get the same 404', async () => {
      const missing = 987_654;
      const secret = targets.private.experimentId;
      const bodies = [];
      for (const id of [secret, missing]) {
        const response = await server.as('reader', { method: 'GET', url: `/api/experiments/${id}/cycles` });
        assert.equal(response.statusCode, 404);
        bodies.push(response.json<{ detail: string }>().detail.replace(String(id), 'N'));
      }
      assert.equal(bodies[0], bodies[1]);
    });

    test('a file id of another experiment is not found through this one', async () => {
      const { experimentId } = targets.public;
      const response = await server.as('maintainer', {
        method: 'GET',
        url: `/api/experiments/${experimentId}/files/${targets.private.fileId}`,
      });
      assert.equal(response.statusCode, 404);
    });

    test('a browser upload signed in by cookie needs the CSRF token', async () => {
      const login = await server.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: 'olivia', password: 'olivia-password' },
      });
      assert.equal(login.statusCode, 200, login.body);
      const cookie = login.cookies.find((c) => c.name === 'batterydb_session')!.value;
      const csrf = login.json<{ csrfToken: string }>().csrfToken;
      const url = `/api/experiments/${targets.private.experimentId}/files?duplicate=allow`;
      const without = multipart('cell.csv', CSV);
      const refused = await server.app.inject({
        method: 'POST',
        url,
        payload: without.payload,
        headers: { ...without.headers, cookie: `batterydb_session=${cookie}` },
      });
      assert.equal(refused.statusCode, 403);
      assert.equal(refused.json<{ code: string }>().code, 'CSRF_FAILED');
      const withToken = multipart('cell.csv', CSV);
      const accepted = await server.app.inject({
        method: 'POST',
        url,
        payload: withToken.payload,
        headers: { ...withToken.headers, cookie: `batterydb_session=${cookie}`, 'x-csrf-token': csrf },
      });
      assert.equal(accepted.statusCode, 201, accepted.body);
    });
  });

  describe(`anonymous reading of experiment data (${dialect})`, () => {
    let server: DataServer;
    const targets = {} as Record<Status, Target>;
    before(async () => {
      server = await dataServer(dialect, { anonymousRead: true });
      targets.private = await withData(server, 'private');
      targets.public = await withData(server, 'public');
    });
    after(() => server.close());

    test('signed-out visitors read public data; private data is 404; uploading still needs sign-in', async () => {
      for (const route of READS) {
        const pub = await request(server, 'anonymous', route, targets.public);
        assert.equal(pub.statusCode, 200, `${route} public: ${pub.body.slice(0, 200)}`);
        const priv = await request(server, 'anonymous', route, targets.private);
        assert.equal(priv.statusCode, 404, `${route} private`);
      }
      assert.equal((await request(server, 'anonymous', 'upload', targets.public)).statusCode, 401);
    });
  });
}
