/**
 * SPEC §5: the database being unreachable gives 503 with Retry-After on every route — never
 * 500 — and the server recovers by itself once it is back, on both dialects. PostgreSQL is
 * taken away through a TCP proxy (the shared test cluster keeps running); SQLite is
 * "unavailable" when another process holds the file's write lock past the busy timeout (reads
 * go on: WAL). Connection errors are told apart from query errors, on real errors of each.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import SQLite from 'better-sqlite3';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { createAppAuthz } from '../../src/authz/create-app-authz.ts';
import { ROLE_CONTRIBUTOR } from '../../src/authz/roles.ts';
import { type DatabaseConfig, parseDatabaseUrl } from '../../src/config/database-url.ts';
import { connect, type Connection } from '../../src/db/connect.ts';
import { isDatabaseUnavailable } from '../../src/db/database-unavailable.ts';
import { buildApp } from '../../src/server/build-app.ts';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../../../../test-support/databases.ts';
import { countingHasher } from '../../../authz/test/support/kit.ts';
import { tcpProxy, type TcpProxy } from '../support/tcp-proxy.ts';
import { gate, until } from '../support/wait.ts';
import { multipart } from '../imports/support/data-server.ts';
import { syntheticCyclerCsv } from '../../src/cycler/index.ts';
import { recoverImports } from '../../src/imports/recover-imports.ts';

interface Site {
  app: FastifyInstance;
  connection: Connection;
  token: string;
  experimentId: number;
}

/** The app over `config`, with one Contributor who has an API token and an experiment. */
async function site(config: DatabaseConfig): Promise<Site> {
  // SQLite: a short busy timeout, so "the lock is held elsewhere" shows up at once.
  const connection = await connect(config, { busyTimeoutMs: 100 });
  const authz = createAppAuthz(connection.db, { hasher: countingHasher() });
  await authz.migrateAll();
  const app = await buildApp({ connection, authz });
  const user = await authz.createUser({ username: 'olivia', password: 'olivia-password' });
  await authz.addMember((await authz.findGroupByName(ROLE_CONTRIBUTOR))!.id, user.id);
  const { token } = await authz.createApiToken(user.id, { name: 'tests', expiresAt: null });
  const created = await app.inject({
    method: 'POST',
    url: '/api/experiments',
    headers: { authorization: `Bearer ${token}` },
    payload: { title: 'cell 1' },
  });
  assert.equal(created.statusCode, 201, created.body);
  return { app, connection, token, experimentId: created.json<{ id: number }>().id };
}

/** One request of each kind a client makes: reads, writes, sign-in, health. */
function requests(s: Site): Record<string, InjectOptions> {
  const auth = { authorization: `Bearer ${s.token}` };
  return {
    'list experiments': { method: 'GET', url: '/api/experiments', headers: auth },
    'read one': { method: 'GET', url: `/api/experiments/${s.experimentId}`, headers: auth },
    'create one': { method: 'POST', url: '/api/experiments', headers: auth, payload: { title: 'more' } },
    'edit one': {
      method: 'PATCH',
      url: `/api/experiments/${s.experimentId}`,
      headers: auth,
      payload: { title: 'renamed' },
    },
    'sign in': {
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'olivia', password: 'olivia-password' },
    },
    health: { method: 'GET', url: '/healthz' },
  };
}

async function assertUnavailable(s: Site, name: string, options: InjectOptions): Promise<void> {
  const response = await s.app.inject(options);
  assert.equal(response.statusCode, 503, `${name}: ${response.statusCode} ${response.body}`);
  assert.match(String(response.headers['retry-after']), /^[1-9][0-9]*$/, `${name}: Retry-After`);
  if (name !== 'health') {
    assert.match(String(response.headers['content-type']), /^application\/problem\+json/);
    assert.equal(response.json<{ code: string }>().code, 'UNAVAILABLE');
  }
}

async function assertWorks(s: Site): Promise<void> {
  for (const [name, options] of Object.entries(requests(s))) {
    const response = await s.app.inject(options);
    assert.ok(response.statusCode < 300, `${name}: ${response.statusCode} ${response.body}`);
  }
}

for (const dialect of DIALECTS) {
  describe(`database unavailable → 503, then recovery (${dialect})`, () => {
    let database: TestDatabase;
    let s: Site;
    let proxy: TcpProxy | null = null;
    before(async () => {
      database = await createTestDatabase(dialect);
      let url = database.url;
      if (dialect === 'postgres') {
        const target = new URL(url);
        proxy = await tcpProxy({ host: target.hostname, port: Number(target.port) });
        target.port = String(proxy.port);
        url = target.toString();
      }
      s = await site(parseDatabaseUrl(url));
    });
    after(async () => {
      await s.app.close();
      await proxy?.restore().catch(() => undefined);
      await s.connection.close().catch(() => undefined);
      await proxy?.close();
      await database.drop();
    });

    test('every kind of request answers 503 with Retry-After while the database is away, and works again after', async () => {
      await assertWorks(s);
      if (dialect === 'postgres') {
        await proxy!.cut();
        try {
          for (const [name, options] of Object.entries(requests(s)))
            await assertUnavailable(s, name, options);
        } finally {
          await proxy!.restore();
        }
      } else {
        const other = new SQLite(database.url.slice('sqlite:'.length));
        try {
          // Another process (a backup, an admin's shell) holds the write lock: every write
          // waits out the busy timeout and answers 503; reads go on.
          other.exec('begin immediate');
          const all = requests(s);
          for (const name of ['create one', 'edit one', 'sign in'])
            await assertUnavailable(s, name, all[name]!);
          for (const name of ['list experiments', 'read one', 'health']) {
            const response = await s.app.inject(all[name]!);
            assert.equal(response.statusCode, 200, `${name} reads on: ${response.body}`);
          }
        } finally {
          other.close();
        }
      }
      await assertWorks(s);
    });

    test('an import that loses its database answers 503, and recovery fails it once the database is back', async () => {
      const auth = { authorization: `Bearer ${s.token}` };
      const held = gate();
      const content = syntheticCyclerCsv({
        cycles: 2,
        pointsPerHalfCycle: 50,
        capacityAh: 1,
        fadePerCycle: 0,
        seed: 8,
      });
      async function* body(): AsyncGenerator<string> {
        yield content.slice(0, 500);
        await held.wait;
        yield content.slice(500);
      }
      const { payload, headers } = multipart('cell.csv', body());
      const uploading = s.app.inject({
        method: 'POST',
        url: `/api/experiments/${s.experimentId}/files`,
        headers: { ...headers, ...auth },
        payload,
      });
      const importId = await until(async () => {
        const list = await s.app.inject({
          method: 'GET',
          url: `/api/experiments/${s.experimentId}/imports`,
          headers: auth,
        });
        return list.json<{ items: { id: number }[] }>().items[0]?.id;
      }, 'the import record');
      const other = dialect === 'sqlite' ? new SQLite(database.url.slice('sqlite:'.length)) : null;
      try {
        if (other) other.exec('begin immediate');
        else await proxy!.cut();
        held.open();
        const response = await uploading;
        assert.equal(response.statusCode, 503, response.body);
        assert.ok(response.headers['retry-after']);
      } finally {
        held.open();
        other?.close();
        await proxy?.restore();
      }
      // Its failure could not be written while the database was away: the record is unfinished,
      // and recovery (which serve runs every 30 s) fails it once it is back.
      const stuck = await s.app.inject({ method: 'GET', url: `/api/imports/${importId}`, headers: auth });
      assert.notEqual(stuck.json<{ status: string }>().status, 'done');
      await recoverImports(s.connection.db, Date.now() + 60_000);
      const record = (
        await s.app.inject({ method: 'GET', url: `/api/imports/${importId}`, headers: auth })
      ).json<{
        status: string;
        error: { reason: string } | null;
      }>();
      assert.equal(record.status, 'failed');
      assert.equal(record.error?.reason, 'server-stopped');
    });

    test('connection errors are told apart from query errors', async () => {
      const db = s.connection.db;
      const syntax = await sql`selec 1`.execute(db).catch((error: unknown) => error);
      assert.ok(syntax instanceof Error);
      assert.equal(isDatabaseUnavailable(syntax), false, 'a syntax error is a bug, not an outage');
      const duplicate = await sql`insert into authz_group (name) values ('Maintainer')`
        .execute(db)
        .catch((error: unknown) => error);
      assert.ok(duplicate instanceof Error);
      assert.equal(isDatabaseUnavailable(duplicate), false, 'a constraint violation is not an outage');
      if (dialect === 'postgres') {
        const dead = new Kysely<unknown>({
          dialect: new PostgresDialect({
            pool: new pg.Pool({ connectionString: 'postgres://nobody@127.0.0.1:1/none', max: 1 }),
          }),
        });
        try {
          const refused = await sql`select 1`.execute(dead).catch((error: unknown) => error);
          assert.equal(isDatabaseUnavailable(refused), true, String(refused));
        } finally {
          await dead.destroy();
        }
      } else {
        for (const code of [
          'SQLITE_IOERR_WRITE',
          'SQLITE_FULL',
          'SQLITE_CANTOPEN',
          'SQLITE_READONLY_DBMOVED',
        ])
          assert.equal(isDatabaseUnavailable(new SQLite.SqliteError('unavailable', code)), true, code);
        for (const code of ['SQLITE_CORRUPT', 'SQLITE_NOTADB', 'SQLITE_CONSTRAINT_UNIQUE', 'SQLITE_ERROR'])
          assert.equal(isDatabaseUnavailable(new SQLite.SqliteError('not unavailable', code)), false, code);
      }
    });
  });
}
