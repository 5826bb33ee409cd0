// @batterydb/authz behind a minimal Fastify API (plain JavaScript, no build step).
// DATABASE_URL=sqlite:documents.sqlite (the default) or postgres://…; PORT (default 3000).
// Two demo users, alice and bob (password: "a long unusual phrase"), sign in with HTTP Basic.
//   curl -u alice:'a long unusual phrase' localhost:3000/documents
import {
  AuthzError,
  authModels,
  createAuthz,
  createGrantTables,
  createRegistry,
  defineModel,
  definePolicy,
  defineRoles,
  eq,
  groupRule,
  ownerRule,
  withIdColumn,
} from '@batterydb/authz';
import { pathToFileURL } from 'node:url';
import Fastify from 'fastify';
import { Kysely, Migrator, PostgresDialect, SqliteDialect, sql } from 'kysely';

const PASSWORD = 'a long unusual phrase';
const VIEW = 'docs.view_document';

const document = defineModel({ app: 'docs', name: 'document' });
const registry = createRegistry([...authModels, document]);
const roles = defineRoles([{ name: 'Editors', permissions: ['docs.add_document'] }]);
const documents = definePolicy({
  model: document,
  table: 'document',
  rules: [
    ownerRule({ name: 'owner edits own', field: 'owner_id', permissions: [VIEW, 'docs.change_document'] }),
    groupRule({
      name: 'editors read published',
      groups: ['Editors'],
      permissions: [VIEW],
      when: eq('status', 'published'),
    }),
  ],
});

async function open(url) {
  if (url.startsWith('sqlite:')) {
    const { default: SQLite } = await import('better-sqlite3');
    const database = new SQLite(url.slice('sqlite:'.length));
    database.pragma('foreign_keys = ON');
    return new Kysely({ dialect: new SqliteDialect({ database }) });
  }
  const { default: pg } = await import('pg');
  return new Kysely({
    dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: url, max: 4 }) }),
  });
}

const appMigrations = {
  '2026-01-01-document': {
    async up(db) {
      await withIdColumn(db, db.schema.createTable('document'))
        .addColumn('title', 'varchar(200)', (c) => c.notNull())
        .addColumn('status', 'varchar(20)', (c) => c.notNull().defaultTo('draft'))
        .addColumn('owner_id', 'integer', (c) => c.notNull().references('authz_user.id').onDelete('cascade'))
        .execute();
      await createGrantTables(db, 'document');
    },
  },
};

/** The kit's schema, permissions and roles, then the application's; demo users and documents once. */
async function prepare(db, authz) {
  await authz.migrate({ roles });
  const { error } = await new Migrator({
    db,
    provider: { getMigrations: async () => appMigrations },
  }).migrateToLatest();
  if (error) throw error;
  if (await authz.findUserByUsername('alice')) return;
  const alice = await authz.createUser({ username: 'alice', password: PASSWORD });
  const bob = await authz.createUser({ username: 'bob', password: PASSWORD });
  await authz.addMember((await authz.findGroupByName('Editors')).id, bob.id);
  await authz.objects(documents).create([
    { title: 'Draft notes', status: 'draft', owner_id: alice.id },
    { title: 'Release notes', status: 'published', owner_id: alice.id },
  ]);
}

/** The kit's error codes mapped to HTTP once, at the edge. */
const STATUS = { INVALID_INPUT: 400, UNAUTHENTICATED: 401, FORBIDDEN: 403, NOT_FOUND: 404, CONFLICT: 409 };

export async function buildServer(db) {
  const authz = createAuthz({ db, registry, policies: [documents] });
  await prepare(db, authz);
  const docs = authz.objects(documents);
  const app = Fastify();
  app.decorateRequest('user', null);

  app.setErrorHandler((error, _request, reply) => {
    if (error instanceof AuthzError)
      return reply
        .code(STATUS[error.code])
        .send({ code: error.code, field: error.field, message: error.message });
    return reply.send(error);
  });

  // Deny by default: every route below needs a signed-in user.
  app.addHook('onRequest', async (request, reply) => {
    const [scheme, encoded] = (request.headers.authorization ?? '').split(' ');
    const [username, ...rest] = Buffer.from(scheme === 'Basic' ? (encoded ?? '') : '', 'base64')
      .toString()
      .split(':');
    const result = username ? await authz.authenticate(username, rest.join(':')) : { ok: false };
    if (!result.ok)
      return reply.code(401).header('www-authenticate', 'Basic').send({ code: 'UNAUTHENTICATED' });
    request.user = result.user;
  });

  // The list is filtered in SQL by the same rules that decide single checks.
  app.get('/documents', async (request) => {
    const page = await docs.list(request.user.id, VIEW, { orderBy: 'title', direction: 'asc', limit: 50 });
    return page.items.map(({ id, title, status }) => ({ id, title, status }));
  });

  app.get('/documents/:id', async (request, reply) => {
    const id = Number(request.params.id);
    // Not allowed to view looks exactly like not there (no existence leak).
    if (!Number.isInteger(id) || !(await docs.hasPerm(request.user.id, VIEW, id)))
      return reply.code(404).send({ code: 'NOT_FOUND' });
    const row = await db.selectFrom('document').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    return { ...row, permissions: [...(await docs.getPerms(request.user.id, id))].sort() };
  });

  // Why one may (or may not) change a document one can see: every reason, or the one missing.
  app.get('/documents/:id/why', async (request, reply) => {
    const id = Number(request.params.id);
    if (!Number.isInteger(id) || !(await docs.hasPerm(request.user.id, VIEW, id)))
      return reply.code(404).send({ code: 'NOT_FOUND' });
    return docs.explain(request.user.id, request.query.perm ?? 'docs.change_document', id);
  });

  // Sharing goes through the escalation policy: one may only hand out what one holds.
  app.post('/documents/:id/share', async (request, reply) => {
    const { username, permission = VIEW } = request.body ?? {};
    const grantee = typeof username === 'string' ? await authz.findUserByUsername(username) : null;
    if (!grantee) return reply.code(400).send({ code: 'INVALID_INPUT', field: 'username' });
    await authz.transaction(
      (tx) =>
        tx.objects(documents).changeGrants(request.user.id, Number(request.params.id), 'grant', {
          holder: { user: grantee.id },
          permissions: [permission],
        }),
      { serializable: true },
    );
    return reply.code(204).send();
  });

  app.get('/health', async () => (await sql`select 1 as ok`.execute(db)).rows[0]);
  return app;
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const db = await open(process.env.DATABASE_URL ?? 'sqlite:documents.sqlite');
  const app = await buildServer(db);
  app.addHook('onClose', () => db.destroy());
  for (const signal of ['SIGINT', 'SIGTERM']) process.once(signal, () => void app.close());
  const address = await app.listen({ port: Number(process.env.PORT ?? 3000), host: '127.0.0.1' });
  console.log(`listening on ${address}`);
}
