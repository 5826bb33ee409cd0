/**
 * What the tests of `serve` as a process start from: a migrated database with a Contributor
 * (API token) who owns one experiment, created in this process before the server starts.
 */
import { createAppAuthz } from '../../src/authz/create-app-authz.ts';
import { ROLE_CONTRIBUTOR } from '../../src/authz/roles.ts';
import { parseDatabaseUrl } from '../../src/config/database-url.ts';
import { connect } from '../../src/db/connect.ts';
import { createExperiments } from '../../src/experiments/create-experiments.ts';
import { after, before } from 'node:test';
import { createTestDatabase, type Dialect, type TestDatabase } from '../../../../test-support/databases.ts';
import { countingHasher } from '../../../authz/test/support/kit.ts';
import { type ServerProcess, startServerProcess } from './server-process.ts';

export type Site = Awaited<ReturnType<typeof prepareSite>>;

/** A migrated database with a Contributor (API token) who owns one experiment. */
export async function prepareSite(database: TestDatabase) {
  const connection = await connect(parseDatabaseUrl(database.url));
  try {
    const authz = createAppAuthz(connection.db, { hasher: countingHasher() });
    await authz.migrateAll();
    const user = await authz.createUser({ username: 'olivia', password: 'olivia-password' });
    await authz.addMember((await authz.findGroupByName(ROLE_CONTRIBUTOR))!.id, user.id);
    const { token } = await authz.createApiToken(user.id, { name: 'tests', expiresAt: null });
    const [experiment] = await createExperiments(authz, user.id, [{ title: 'a cell' }]);
    return { token, userId: user.id, experimentId: Number(experiment!.id) };
  } finally {
    await connection.close();
  }
}

/**
 * Inside a `describe`: a fresh database of `dialect` with the site prepared before the tests,
 * and every server started through `start` killed and the database dropped after them.
 */
export function servedSite(dialect: Dialect) {
  let database: TestDatabase;
  let site: Site;
  const servers: ServerProcess[] = [];
  before(async () => {
    database = await createTestDatabase(dialect);
    site = await prepareSite(database);
  });
  after(async () => {
    for (const server of servers) server.kill();
    await Promise.all(servers.map((s) => s.exited));
    await database.drop();
  });
  return {
    get site(): Site {
      return site;
    },
    get databaseUrl(): string {
      return database.url;
    },
    auth: () => ({ authorization: `Bearer ${site.token}` }),
    async start(env: Record<string, string> = {}): Promise<ServerProcess> {
      const server = await startServerProcess(database.url, env);
      servers.push(server);
      return server;
    },
  };
}
