import type { PasswordHasher } from '@batterydb/authz';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { type AppAuthz, createAppAuthz } from '../../../src/authz/create-app-authz.ts';
import type { Perm } from '../../../src/authz/registry.ts';
import { parseDatabaseUrl } from '../../../src/config/database-url.ts';
import { connect } from '../../../src/db/connect.ts';
import type { ServerSettings } from '../../../src/server/app-settings.ts';
import { buildApp } from '../../../src/server/build-app.ts';
import { createTestDatabase, type Dialect } from '../../../../../test-support/databases.ts';
import { countingHasher } from '../../../../authz/test/support/kit.ts';

/** Seals the TOTP secrets of test servers, as `BATTERYDB_SECOND_FACTOR_KEY` does in production. */
export const TEST_SECOND_FACTOR_KEY = Buffer.alloc(32, 7);

/** A clock the test moves by hand (session expiry, throttling windows). */
export function manualClock(start = Date.UTC(2026, 0, 1)) {
  const clock = { now: start, tick: (ms: number) => (clock.now += ms), read: () => clock.now };
  return clock;
}

/**
 * A migrated database of one dialect, BatteryDB's kit over it with a fast counting hasher and
 * a manual clock, and the HTTP app: what every HTTP test of issue 4 starts from.
 */
export async function testServer(dialect: Dialect, settings: Partial<ServerSettings> = {}) {
  const database = await createTestDatabase(dialect);
  const clock = manualClock();
  const first = await processOn(database.url, clock, settings);
  const others: { close(): Promise<void> }[] = [];
  return {
    ...first,
    clock,
    /** Another app process on the same database (its own connection pool, kit and memory). */
    async anotherProcess(more: Partial<ServerSettings> = settings) {
      const other = await processOn(database.url, clock, more);
      others.push(other);
      return other;
    },
    async close() {
      for (const other of others) await other.close();
      await first.close();
      await database.drop();
    },
  };
}

async function processOn(
  url: string,
  clock: ReturnType<typeof manualClock>,
  settings: Partial<ServerSettings>,
) {
  const connection = await connect(parseDatabaseUrl(url));
  const hasher: PasswordHasher & { hashes: number; verifies: number } = countingHasher();
  const authz = createAppAuthz(connection.db, {
    hasher,
    now: clock.read,
    anonymousRead: settings.anonymousRead ?? false,
    secondFactorKey: TEST_SECOND_FACTOR_KEY,
  });
  await authz.migrateAll();
  const app = await buildApp({ connection, authz, ...settings });
  return {
    app,
    authz,
    hasher,
    db: connection.db,
    async close() {
      await app.close();
      await connection.close();
    },
  };
}

export type TestServer = Awaited<ReturnType<typeof testServer>>;

/** A signed-in browser: keeps the session cookie and sends the CSRF token on unsafe requests. */
export interface Browser {
  cookie: string | null;
  csrf: string | null;
  request(options: InjectOptions): Promise<LightMyRequestResponse>;
}

export function cookieOf(response: LightMyRequestResponse, name = 'batterydb_session'): string | null {
  const set = response.cookies.find((c) => c.name === name);
  return set && set.value !== '' ? set.value : null;
}

export async function signIn(
  app: FastifyInstance,
  username: string,
  password: string,
  from: { userAgent?: string; remoteAddress?: string } = {},
): Promise<Browser> {
  const response = await app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { username, password },
    ...(from.remoteAddress ? { remoteAddress: from.remoteAddress } : {}),
    ...(from.userAgent ? { headers: { 'user-agent': from.userAgent } } : {}),
  });
  if (response.statusCode !== 200)
    throw new Error(`sign-in of ${username} failed: ${response.statusCode} ${response.body}`);
  const browser: Browser = {
    cookie: cookieOf(response),
    csrf: response.json<{ csrfToken: string }>().csrfToken,
    request: (options) =>
      app.inject({
        ...options,
        headers: {
          ...(browser.cookie ? { cookie: `batterydb_session=${browser.cookie}` } : {}),
          ...(browser.csrf ? { 'x-csrf-token': browser.csrf } : {}),
          ...options.headers,
        },
      }),
  };
  return browser;
}

/** Creates a user straight through the kit (test setup, not under test). */
export async function makeUser(
  authz: AppAuthz,
  username: string,
  options: { staff?: boolean; superuser?: boolean; perms?: Perm[]; active?: boolean; password?: string } = {},
) {
  const user = await authz.createUser({
    username,
    password: options.password ?? `${username}-password`,
    isStaff: options.staff ?? false,
    isSuperuser: options.superuser ?? false,
    isActive: options.active ?? true,
  });
  if (options.perms?.length) await authz.addUserPerms(user.id, options.perms);
  return user;
}
