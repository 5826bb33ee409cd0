/**
 * Issue 15, "done when": the kit packs, the tarball installs into a project outside the
 * monorepo, the plain-script example runs on plain Node (no tsx, no TypeScript) against each
 * dialect, and a TypeScript consumer type-checks against the shipped declarations.
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startExample } from '../support/example-server.ts';
import { createTestDatabase, DIALECTS } from '../../../../test-support/databases.ts';
import { packAndInstall, ROOT, run, type ScratchProject } from '../support/scratch-project.ts';

const SCRIPT = join(ROOT, 'examples/plain-script/index.mjs');
const SERVER = join(ROOT, 'examples/fastify-app/server.mjs');
const TSC = join(ROOT, 'node_modules/typescript/bin/tsc');

describe('@batterydb/authz as an installed package', () => {
  let project: ScratchProject | undefined;
  const dir = () => {
    assert.ok(project, 'the package was packed and installed');
    return project.dir;
  };
  before(() => {
    project = packAndInstall([SCRIPT, SERVER]);
  });
  after(() => project?.remove());

  test('the tarball: built ES modules, declarations and maps, a licence; no tests', () => {
    const listing = run('tar', ['tzf', project!.tarball], { cwd: ROOT, timeoutS: 30 }).split('\n');
    for (const file of ['dist/index.js', 'dist/index.d.ts', 'dist/index.js.map', 'dist/index.d.ts.map'])
      assert.ok(listing.includes(`package/${file}`), `the tarball has ${file}`);
    assert.ok(listing.includes('package/LICENSE'));
    assert.ok(listing.includes('package/README.md'));
    assert.ok(listing.includes('package/wordlists/common-passwords.txt.gz'), 'the common-password list');
    assert.deepEqual(
      listing.filter((f) => f.includes('/test/') || f.endsWith('.test.ts')),
      [],
    );
    const manifest = JSON.parse(
      readFileSync(join(dir(), 'node_modules/@batterydb/authz/package.json'), 'utf8'),
    ) as {
      private?: boolean;
      peerDependencies?: Record<string, string>;
      dependencies?: Record<string, string>;
    };
    assert.equal(manifest.private, undefined);
    assert.ok(manifest.peerDependencies?.kysely, 'kysely is a peer: the application brings its own');
    assert.equal(manifest.dependencies?.kysely, undefined);
  });

  for (const dialect of DIALECTS)
    test(`the plain-script example runs on plain Node against ${dialect}`, async () => {
      const database = await createTestDatabase(dialect);
      try {
        const out = run(process.execPath, ['index.mjs'], {
          cwd: dir(),
          timeoutS: 120,
          env: { DATABASE_URL: database.url },
        });
        const result = JSON.parse(out) as {
          migrated: boolean;
          before: Record<string, unknown>;
          after: Record<string, unknown>;
        };
        assert.equal(result.migrated, true);
        assert.deepEqual(result.before, {
          aliceSignsIn: true,
          bobMayAdd: true,
          bobSees: ["Bob's own", 'Release notes'],
          bobMayViewDraft: false,
          whyNot: { allowed: false, why: 'not-granted' },
          why: { allowed: true, reasons: [{ kind: 'rule', rule: 'editors read published' }] },
        });
        assert.deepEqual(result.after, {
          bobSees: ["Bob's own", 'Draft notes', 'Release notes'],
          bobPermsOnDraft: ['docs.add_document', 'docs.publish_document', 'docs.view_document'],
          aliceMayChangeBobs: false,
          whoMayViewDraft: ['alice', 'bob'],
        });
      } finally {
        await database.drop();
      }
    });

  for (const dialect of DIALECTS)
    test(`the Fastify example serves on plain Node against ${dialect}`, async () => {
      const database = await createTestDatabase(dialect);
      const server = await startExample(dir(), 'server.mjs', { DATABASE_URL: database.url, PORT: '0' });
      try {
        const as = (user: string) => ({
          authorization: `Basic ${Buffer.from(`${user}:a long unusual phrase`).toString('base64')}`,
        });
        const get = async (path: string, user: string) => {
          const response = await fetch(`${server.url}${path}`, { headers: as(user) });
          return { status: response.status, body: (await response.json()) as unknown };
        };
        const titles = async (user: string) =>
          ((await get('/documents', user)).body as { title: string }[]).map((d) => d.title);
        assert.equal((await fetch(`${server.url}/documents`)).status, 401, 'deny by default');
        assert.deepEqual(await titles('alice'), ['Draft notes', 'Release notes']);
        assert.deepEqual(await titles('bob'), ['Release notes']);
        assert.equal((await get('/documents/1', 'bob')).status, 404, "another's draft is not there");
        assert.deepEqual((await get('/documents/2/why', 'bob')).body, { allowed: false, why: 'not-granted' });
        const share = (user: string, id: number, body: object) =>
          fetch(`${server.url}/documents/${id}/share`, {
            method: 'POST',
            headers: { ...as(user), 'content-type': 'application/json' },
            body: JSON.stringify(body),
          });
        const refused = await share('bob', 2, { username: 'alice', permission: 'docs.change_document' });
        assert.equal(refused.status, 403, 'bob may not hand out a permission he lacks');
        assert.equal((await share('alice', 1, { username: 'bob' })).status, 204);
        assert.deepEqual(await titles('bob'), ['Draft notes', 'Release notes']);
      } finally {
        await server.stop();
        await database.drop();
      }
    });

  test('a TypeScript consumer type-checks against the shipped declarations', () => {
    writeFileSync(join(dir(), 'consumer.ts'), readFileSync(join(import.meta.dirname, 'consumer.ts')));
    const compilerOptions = {
      strict: true,
      noEmit: true,
      skipLibCheck: false,
      module: 'nodenext',
      target: 'es2022',
      types: ['node'],
    };
    writeFileSync(join(dir(), 'tsconfig.json'), JSON.stringify({ compilerOptions, files: ['consumer.ts'] }));
    run(process.execPath, [TSC, '-p', 'tsconfig.json'], { cwd: dir(), timeoutS: 180 });
  });
});
