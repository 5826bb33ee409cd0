// @batterydb/authz from a plain Node.js script (no TypeScript, no framework).
// DATABASE_URL=sqlite:notes.sqlite (the default) or postgres://user:password@host/database.
// It migrates, makes two users and a role, three documents, and prints what each may see and why.
import {
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
import { Kysely, Migrator, PostgresDialect, SqliteDialect } from 'kysely';

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

// 1. Models: `docs.view_document`, `docs.add_document`, `docs.change_document`,
//    `docs.delete_document` (Django's four) and one of our own.
const document = defineModel({ app: 'docs', name: 'document', permissions: ['publish_document'] });
const registry = createRegistry([...authModels, document]);

// 2. Roles: groups declared in code, brought to exactly this at every migrate.
const roles = defineRoles([{ name: 'Editors', permissions: ['docs.add_document', 'docs.publish_document'] }]);

// 3. Object rules: one declaration decides checks, lists (as SQL), explain and who-has.
const documents = definePolicy({
  model: document,
  table: 'document',
  rules: [
    ownerRule({
      name: 'owner edits own',
      field: 'owner_id',
      permissions: ['docs.view_document', 'docs.change_document'],
    }),
    groupRule({
      name: 'editors read published',
      groups: ['Editors'],
      permissions: ['docs.view_document'],
      when: eq('status', 'published'),
    }),
  ],
});

// 4. The application's own tables, through its own Kysely Migrator (the kit keeps its own table).
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

const db = await open(process.env.DATABASE_URL ?? 'sqlite:notes.sqlite');
try {
  const authz = createAuthz({ db, registry, policies: [documents] });
  const migrated = await authz.migrate({ roles }); // the kit's tables, permissions and roles first
  const { error } = await new Migrator({
    db,
    provider: { getMigrations: async () => appMigrations },
  }).migrateToLatest();
  if (error) throw error;

  const alice = await authz.createUser({ username: 'alice', password: 'a long unusual phrase' });
  const bob = await authz.createUser({ username: 'bob' });
  const editors = await authz.findGroupByName('Editors');
  await authz.addMember(editors.id, bob.id);

  const docs = authz.objects(documents);
  const [draft, published, other] = await docs.create([
    { title: 'Draft notes', status: 'draft', owner_id: alice.id },
    { title: 'Release notes', status: 'published', owner_id: alice.id },
    { title: "Bob's own", status: 'draft', owner_id: bob.id },
  ]);

  const signedIn = await authz.authenticate('alice', 'a long unusual phrase');
  const page = { orderBy: 'title', direction: 'asc', limit: 10 };
  const titles = async (user) =>
    (await docs.list(user, 'docs.view_document', page)).items.map((d) => d.title);
  const before = {
    aliceSignsIn: signedIn.ok,
    bobMayAdd: await authz.hasPerm(bob.id, 'docs.add_document'),
    bobSees: await titles(bob.id),
    bobMayViewDraft: await docs.hasPerm(bob.id, 'docs.view_document', draft.id),
    whyNot: await docs.explain(bob.id, 'docs.view_document', draft.id),
    why: await docs.explain(bob.id, 'docs.view_document', published.id),
  };

  // 5. A per-object grant (django-guardian's assign_perm), then the same questions again.
  await docs.assign({ user: bob.id }, 'docs.view_document', draft.id);
  const after = {
    bobSees: await titles(bob.id),
    bobPermsOnDraft: [...(await docs.getPerms(bob.id, draft.id))].sort(),
    aliceMayChangeBobs: await docs.hasPerm(alice.id, 'docs.change_document', other.id),
    whoMayViewDraft: (await docs.usersWithPerms(draft.id)).users
      .filter((h) => h.permissions.some((p) => p.perm === 'docs.view_document'))
      .map((h) => h.holder.username),
  };
  console.log(JSON.stringify({ migrated: migrated.applied.length > 0, before, after }, null, 2));
} finally {
  await db.destroy();
}
