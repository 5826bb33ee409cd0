/**
 * Issue 25: `GET /api/experiments` without search or filters is served from remembered bytes
 * per viewer's access while nothing it shows changed — and every write that changes a page is
 * seen by the very next request: made in another process (another connection with its own kit)
 * and by plain SQL no application code sees (triggers bump the versions). New experiment, title
 * change, status flip, owner change, a cell added, an owner renamed, a grant given and revoked,
 * a grant expiring (no write at all: the viewer's clock), a token revoked. Whether a page came
 * from memory is read from the statements run (the list statement is not), never from timing.
 * Each page is also compared with one made without the cache. Both dialects.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../../../../test-support/databases.ts';
import { type AppAuthz, createAppAuthz } from '../../src/authz/create-app-authz.ts';
import { ROLE_READ_ONLY } from '../../src/authz/roles.ts';
import { parseDatabaseUrl } from '../../src/config/database-url.ts';
import { connect, type Connection } from '../../src/db/connect.ts';
import { listExperiments } from '../../src/experiments/find-experiments.ts';
import { buildApp } from '../../src/server/build-app.ts';

const VIEW = 'batterydb.view_experiment';
/** The list statement's marker (db/array-rows.ts): run when a page is made, not when remembered. */
const LIST_STATEMENT = /rows as arrays/;

interface ListBody {
  items: { id: number; title: string; cellCount: number; owner: { username: string } }[];
  total: number;
}

for (const dialect of DIALECTS)
  describe(`the JSON list's remembered pages (${dialect})`, () => {
    let database: TestDatabase;
    let serving: Connection;
    let other: Connection;
    let authz: AppAuthz;
    let otherAuthz: AppAuthz;
    let app: FastifyInstance;
    /** The serving kit's clock, moved by hand for the expiry test. */
    let clock = Date.now();
    const statements: string[] = [];
    let reader: number;
    let owner: number;
    let readerToken: string;
    let ownerToken: string;

    before(async () => {
      database = await createTestDatabase(dialect);
      serving = await connect(parseDatabaseUrl(database.url), { onQuery: (text) => statements.push(text) });
      other = await connect(parseDatabaseUrl(database.url));
      authz = createAppAuthz(serving.db, { now: () => clock });
      await authz.migrateAll();
      otherAuthz = createAppAuthz(other.db);
      const readOnly = (await authz.findGroupByName(ROLE_READ_ONLY))!.id;
      reader = (await authz.createUser({ username: 'reader' })).id;
      owner = (await authz.createUser({ username: 'owner' })).id;
      await authz.addMember(readOnly, reader);
      await authz.addMember(readOnly, owner);
      await authz.experiments.create(
        Array.from({ length: 5 }, (_, i) => ({
          title: `cell ${i}`,
          owner_id: owner,
          status: i < 3 ? 'public' : 'private',
          created_at: i + 1,
          updated_at: i + 1,
        })),
      );
      readerToken = (await authz.createApiToken(reader, { name: 't', expiresAt: null })).token;
      ownerToken = (await authz.createApiToken(owner, { name: 't', expiresAt: null })).token;
      app = await buildApp({ connection: serving, authz });
    });
    after(async () => {
      await app.close();
      await other.close();
      await serving.close();
      await database.drop();
    });

    /** One request as `token`: its body, and whether the list statement ran (the page was made). */
    const list = async (token = readerToken, url = '/api/experiments') => {
      statements.length = 0;
      const response = await app.inject({
        method: 'GET',
        url,
        headers: { authorization: `Bearer ${token}` },
      });
      assert.equal(response.statusCode, 200, response.body);
      const made = statements.some((s) => LIST_STATEMENT.test(s));
      // The same page made afresh, without the cache, is the same bytes.
      const { subject } = (await authz.authenticateApiToken(token))!;
      const visible = await authz.experiments.accessFilter(subject, VIEW);
      const fresh = await listExperiments(authz, serving.db, subject, {}, visible);
      if (url === '/api/experiments') assert.deepEqual(JSON.parse(response.body), fresh);
      return { body: JSON.parse(response.body) as ListBody, made };
    };
    const titles = (body: ListBody) => body.items.map((i) => i.title).sort();
    const idOf = async (title: string) =>
      (
        await serving.db
          .selectFrom('experiment')
          .select('id')
          .where('title', '=', title)
          .executeTakeFirstOrThrow()
      ).id;

    test('made once, then served from memory while nothing changes; each viewer their own', async () => {
      assert.equal((await list()).made, true);
      const again = await list();
      assert.equal(again.made, false);
      assert.deepEqual(titles(again.body), ['cell 0', 'cell 1', 'cell 2']);
      // The owner sees their private experiments too: never the reader's page.
      const mine = await list(ownerToken);
      assert.equal(mine.made, true);
      assert.equal(mine.body.items.length, 5);
      assert.equal((await list()).body.items.length, 3);
      // Another page of the same list is another entry.
      assert.equal((await list(readerToken, '/api/experiments?limit=1')).made, true);
      assert.equal((await list(readerToken, '/api/experiments?limit=1')).made, false);
    });

    test('another process adds, renames, hides and deletes by plain SQL: the next request shows it', async () => {
      await list();
      await sql`insert into experiment (title, owner_id, status, created_at, updated_at)
        values ('by hand', ${owner}, 'public', 10, 10)`.execute(other.db);
      const added = await list();
      assert.equal(added.made, true);
      assert.ok(titles(added.body).includes('by hand'));
      await sql`update experiment set title = 'renamed by hand' where title = 'by hand'`.execute(other.db);
      assert.ok(titles((await list()).body).includes('renamed by hand'));
      await sql`update experiment set status = 'private' where title = 'renamed by hand'`.execute(other.db);
      assert.ok(!titles((await list()).body).includes('renamed by hand'));
      await sql`update experiment set status = 'public' where title = 'renamed by hand'`.execute(other.db);
      assert.ok(titles((await list()).body).includes('renamed by hand'));
      await sql`delete from experiment where title = 'renamed by hand'`.execute(other.db);
      assert.deepEqual(titles((await list()).body), ['cell 0', 'cell 1', 'cell 2']);
      assert.equal((await list()).made, false);
    });

    test('a cell added and an owner renamed elsewhere: the next request shows them', async () => {
      await list();
      const id = await idOf('cell 2');
      await sql`insert into cell (experiment_id, label, position, created_at, updated_at)
        values (${id}, 'A', 1, 1, 1)`.execute(other.db);
      const counted = await list();
      assert.equal(counted.made, true);
      assert.equal(counted.body.items.find((i) => i.id === id)?.cellCount, 1);
      await sql`update authz_user set username = 'owner2' where id = ${owner}`.execute(other.db);
      const renamed = await list();
      assert.deepEqual([...new Set(renamed.body.items.map((i) => i.owner.username))], ['owner2']);
    });

    test('an owner change, a grant given and revoked in another process: seen at once', async () => {
      const privateId = await idOf('cell 3');
      await list();
      await sql`update experiment set owner_id = ${reader} where id = ${privateId}`.execute(other.db);
      assert.ok(titles((await list()).body).includes('cell 3'));
      await sql`update experiment set owner_id = ${owner} where id = ${privateId}`.execute(other.db);
      assert.ok(!titles((await list()).body).includes('cell 3'));
      await otherAuthz.experiments.assign({ user: reader }, VIEW, privateId);
      assert.ok(titles((await list()).body).includes('cell 3'));
      await otherAuthz.experiments.remove({ user: reader }, VIEW, privateId);
      assert.ok(!titles((await list()).body).includes('cell 3'));
    });

    test('a grant that expires with no write at all: served until its expiry, made again after', async () => {
      const privateId = await idOf('cell 4');
      const expiresAt = clock + 3_600_000;
      await otherAuthz.experiments.assign({ user: reader }, VIEW, privateId, {
        expiresAt: new Date(expiresAt),
      });
      assert.ok(titles((await list()).body).includes('cell 4'));
      clock = expiresAt - 1;
      const before = await list();
      assert.equal(before.made, false);
      assert.ok(titles(before.body).includes('cell 4'));
      clock = expiresAt;
      const after = await list();
      assert.equal(after.made, true);
      assert.ok(!titles(after.body).includes('cell 4'));
    });

    test('a token revoked in another process is refused by the very next request', async () => {
      const { token, apiToken } = await authz.createApiToken(reader, {
        name: 'soon revoked',
        expiresAt: null,
      });
      assert.equal((await list(token)).made, false);
      await otherAuthz.revokeApiToken(reader, apiToken.id);
      const refused = await app.inject({
        method: 'GET',
        url: '/api/experiments',
        headers: { authorization: `Bearer ${token}` },
      });
      assert.equal(refused.statusCode, 401);
    });
  });
