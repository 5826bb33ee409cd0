import type { FastifyInstance } from 'fastify';
import { ROLE_CONTRIBUTOR, ROLE_MAINTAINER, ROLE_READ_ONLY } from '../../../src/authz/roles.ts';
import type { ServerSettings } from '../../../src/server/app-settings.ts';
import { buildApp } from '../../../src/server/build-app.ts';
import type { Dialect } from '../../../../../test-support/databases.ts';
import { appDatabase } from '../../support/app-db.ts';

/** The people of the browser scenarios, one per role (password: `<name>-password-1`). */
export const PEOPLE = {
  reader: ROLE_READ_ONLY,
  carla: ROLE_CONTRIBUTOR,
  colin: ROLE_CONTRIBUTOR,
  maya: ROLE_MAINTAINER,
} as const;
export type Person = keyof typeof PEOPLE;
export const passwordOf = (name: string) => `${name}-password-1`;

/**
 * A real BatteryDB server on a free loopback port over a fresh database, with one user per
 * role. Closed (server, then database) by `close()`, which the tests call in `after`.
 */
export async function startSite(dialect: Dialect, settings: Partial<ServerSettings> = {}) {
  const database = await appDatabase(dialect);
  const { authz, connection } = database;
  const ids = {} as Record<Person, number>;
  for (const [name, role] of Object.entries(PEOPLE) as [Person, string][]) {
    const user = await authz.createUser({ username: name, password: passwordOf(name) });
    const group = await authz.findGroupByName(role);
    await authz.addMember(group!.id, user.id);
    ids[name] = user.id;
  }
  let app: FastifyInstance | null = null;
  try {
    app = await buildApp({ connection, authz, ...settings });
    await app.listen({ host: '127.0.0.1', port: 0 });
  } catch (error) {
    await app?.close();
    await database.close();
    throw error;
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const server = app;
  return {
    url: `http://127.0.0.1:${port}`,
    app: server,
    authz,
    db: connection.db,
    connection,
    ids,
    async close() {
      await server.close();
      await database.close();
    },
  };
}

export type Site = Awaited<ReturnType<typeof startSite>>;
