/**
 * What the data tests of issue 5 start from: a migrated database of one dialect, BatteryDB's
 * kit WITH the experiment policy, the HTTP app, and one user per kind of caller, each with an
 * API token (Bearer: no cookie, no CSRF token to carry around).
 */
import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { sql } from 'kysely';
import { createAppAuthz, type AppAuthz } from '../../../src/authz/create-app-authz.ts';
import { ROLE_CONTRIBUTOR, ROLE_MAINTAINER, ROLE_READ_ONLY } from '../../../src/authz/roles.ts';
import { parseDatabaseUrl } from '../../../src/config/database-url.ts';
import { connect, type ConnectOptions, type Connection } from '../../../src/db/connect.ts';
import { createExperiments } from '../../../src/experiments/create-experiments.ts';
import type { ServerSettings } from '../../../src/server/app-settings.ts';
import { buildApp } from '../../../src/server/build-app.ts';
import { createTestDatabase, type Dialect } from '../../../../../test-support/databases.ts';
import { countingHasher } from '../../../../authz/test/support/kit.ts';

/** The problem+json body of a refused upload, retry or mapping. */
export interface UploadProblemBody {
  status: number;
  code: string;
  detail: string;
  field?: string;
  reason?: string;
  line?: number | null;
  column?: string | null;
  importId: number;
  /** Every bad field, where a request has several (a column mapping). */
  errors?: { field: string; message: string }[];
}

export type Caller = 'superuser' | 'maintainer' | 'owner' | 'contributor' | 'reader' | 'anonymous';

export interface DataServer {
  dialect: Dialect;
  app: FastifyInstance;
  authz: AppAuthz;
  connection: Connection;
  userIds: Record<Exclude<Caller, 'anonymous'>, number>;
  /** An HTTP request as `caller` (Bearer token, or none for `anonymous`). */
  as(caller: Caller, options: InjectOptions): Promise<LightMyRequestResponse>;
  /** An experiment owned by `owner` (a Contributor), private unless `status: 'public'`. */
  experiment(input?: Record<string, unknown> & { status?: 'private' | 'public' }): Promise<number>;
  close(): Promise<void>;
}

export async function dataServer(
  dialect: Dialect,
  settings: Partial<ServerSettings> = {},
  connectOptions: ConnectOptions = {},
): Promise<DataServer> {
  const database = await createTestDatabase(dialect);
  const connection = await connect(parseDatabaseUrl(database.url), connectOptions);
  const authz = createAppAuthz(connection.db, {
    hasher: countingHasher(),
    anonymousRead: settings.anonymousRead ?? false,
  });
  await authz.migrateAll();
  const app = await buildApp({ connection, authz, ...settings });

  const group = async (name: string) => (await authz.findGroupByName(name))!.id;
  const user = async (username: string, role: string | null, superuser = false) => {
    const created = await authz.createUser({
      username,
      password: `${username}-password`,
      isSuperuser: superuser,
      isStaff: superuser,
    });
    if (role !== null) await authz.addMember(await group(role), created.id);
    return created.id;
  };
  const userIds = {
    superuser: await user('root', null, true),
    maintainer: await user('maya', ROLE_MAINTAINER),
    owner: await user('olivia', ROLE_CONTRIBUTOR),
    contributor: await user('carl', ROLE_CONTRIBUTOR),
    reader: await user('rita', ROLE_READ_ONLY),
  };
  const tokens = new Map<Caller, string>();
  for (const [caller, id] of Object.entries(userIds))
    tokens.set(caller as Caller, (await authz.createApiToken(id, { name: 'tests', expiresAt: null })).token);

  return {
    dialect,
    app,
    authz,
    connection,
    userIds,
    as(caller, options) {
      const token = tokens.get(caller);
      return app.inject({
        ...options,
        headers: { ...options.headers, ...(token ? { authorization: `Bearer ${token}` } : {}) },
      });
    },
    async experiment(input = {}) {
      const { status, ...fields } = input;
      const [row] = await createExperiments(authz, userIds.owner, [{ title: 'a test cell', ...fields }]);
      const id = Number(row!.id);
      if (status === 'public') await authz.experiments.update(sql`id = ${id}`, { status: 'public' });
      return id;
    },
    async close() {
      await app.close();
      await connection.close();
      await database.drop();
    },
  };
}

/**
 * A multipart/form-data body with one file part, streamed: `content` may be a generator of a
 * million rows that never exists as one buffer.
 */
export function multipart(
  fileName: string,
  content: Buffer | string | Iterable<Buffer | string> | AsyncIterable<Buffer | string>,
  options: { field?: string; contentType?: string } = {},
): { payload: Readable; headers: Record<string, string> } {
  const boundary = `----batterydb${randomBytes(8).toString('hex')}`;
  const head =
    `--${boundary}\r\nContent-Disposition: form-data; name="${options.field ?? 'file'}"; filename="${fileName}"\r\n` +
    `Content-Type: ${options.contentType ?? 'application/octet-stream'}\r\n\r\n`;
  async function* body(): AsyncGenerator<Buffer> {
    yield Buffer.from(head);
    if (typeof content === 'string' || Buffer.isBuffer(content)) yield Buffer.from(content);
    else for await (const piece of content) yield Buffer.from(piece);
    yield Buffer.from(`\r\n--${boundary}--\r\n`);
  }
  return {
    payload: Readable.from(body()),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

/** Uploads one file to an experiment as `caller` (`allowDuplicate`: the same bytes again on purpose). */
export function upload(
  server: DataServer,
  caller: Caller,
  experimentId: number,
  fileName: string,
  content: Parameters<typeof multipart>[1],
  options: { allowDuplicate?: boolean; cellId?: number } = {},
): Promise<LightMyRequestResponse> {
  const { payload, headers } = multipart(fileName, content);
  const query = new URLSearchParams({
    ...(options.allowDuplicate ? { duplicate: 'allow' } : {}),
    ...(options.cellId === undefined ? {} : { cellId: String(options.cellId) }),
  }).toString();
  return server.as(caller, {
    method: 'POST',
    url: `/api/experiments/${experimentId}/files${query ? `?${query}` : ''}`,
    payload,
    headers,
  });
}

/** Rows of every data table: "nothing half-stored" is all of them unchanged. */
const DATA_TABLES = ['data_file', 'data_file_chunk', 'sample_block', 'cycle_summary'] as const;

/**
 * Rows of every data table, and `samples`: the samples the blocks of every sample hold (level 0;
 * the overview levels hold a selection of them again).
 */
export async function dataRowCounts(
  connection: Connection,
): Promise<Record<(typeof DATA_TABLES)[number] | 'samples', number>> {
  const counts = { data_file: 0, data_file_chunk: 0, sample_block: 0, samples: 0, cycle_summary: 0 };
  for (const table of DATA_TABLES) {
    const row = await connection.db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    counts[table] = Number(row.n);
  }
  const samples = await connection.db
    .selectFrom('sample_block')
    .select((eb) => eb.fn.sum<number | null>('sample_count').as('n'))
    .where('level', '=', 0)
    .executeTakeFirstOrThrow();
  counts.samples = Number(samples.n ?? 0);
  return counts;
}
