/**
 * An online backup (issue 28, SPEC §7) with real processes: `batterydb serve` keeps answering
 * four clients that create experiments as fast as it acknowledges them, while `batterydb backup`
 * runs as its own process. The backup restores into a database
 * whose constraints hold and that holds every write acknowledged before the backup started;
 * no client saw an error meanwhile. `batterydb restore` into the live, non-empty database is
 * refused with its reason and exit code 2.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { sql } from 'kysely';
import { createTestDatabase, DIALECTS } from '../../../../test-support/databases.ts';
import { restoreBackup } from '../../src/backup/restore-backup.ts';
import { parseDatabaseUrl } from '../../src/config/database-url.ts';
import { servedSite } from '../support/served-site.ts';
import { request } from '../support/server-process.ts';
import { runCli } from './support/cli-process.ts';

const dir = mkdtempSync(join(tmpdir(), 'batterydb-online-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const CLIENTS = 4;

for (const dialect of DIALECTS) {
  describe(`online backup (${dialect})`, () => {
    const served = servedSite(dialect);

    test('a backup taken while 4 clients write holds every write acknowledged before it began', async () => {
      const server = await served.start();
      const acknowledged: string[] = [];
      const failures: string[] = [];
      let writing = true;
      const client = async (c: number) => {
        for (let n = 0; writing; n += 1) {
          const title = `client ${c} write ${n}`;
          const response = await request(server.url, {
            method: 'POST',
            path: '/api/experiments',
            headers: { ...served.auth(), 'content-type': 'application/json' },
            body: JSON.stringify({ title }),
          });
          if (response.status === 201) acknowledged.push(title);
          else failures.push(`${response.status} ${response.body}`);
        }
      };
      const clients = Array.from({ length: CLIENTS }, (_, c) => client(c));
      const file = join(dir, `online-${dialect}.bdb`);
      try {
        // Some writes in before the backup starts (their count is whatever it is).
        while (acknowledged.length < 4 * CLIENTS && failures.length === 0)
          await new Promise((resolve) => setImmediate(resolve));
        const before = [...acknowledged];
        const backup = await runCli(['backup', '--to', file], { DATABASE_URL: served.databaseUrl });
        const during = acknowledged.length - before.length;
        writing = false;
        await Promise.all(clients);
        assert.equal(backup.code, 0, backup.err);
        assert.match(backup.out, /^Backup written to .*: \d+ tables, \d+ rows, 0 files$/);
        assert.deepEqual(failures, [], 'no client saw an error while the backup ran');

        if (dialect === 'sqlite') {
          // The CLI's refusal once (starting a process costs seconds): reason and exit code 2.
          const refused = await runCli(['restore', '--from', file], { DATABASE_URL: served.databaseUrl });
          assert.equal(refused.code, 2);
          assert.match(refused.err, /^batterydb: refused \(target-not-empty\): /);
        }

        const restored = await createTestDatabase(dialect);
        try {
          await restoreBackup(parseDatabaseUrl(restored.url), file);
          const db = restored.open<{ experiment: { title: string } }>();
          const titles = new Set(
            (await db.selectFrom('experiment').select('title').execute()).map((r) => r.title),
          );
          const missing = before.filter((title) => !titles.has(title));
          assert.deepEqual(missing, [], 'every write acknowledged before the backup began is in it');
          // The backup is one instant: whatever it holds of the later writes, it holds nothing else.
          assert.ok(
            titles.size <= 1 + acknowledged.length,
            `${titles.size} experiments, ${during} written during`,
          );
          if (dialect === 'sqlite') {
            assert.deepEqual((await sql`pragma integrity_check`.execute(db)).rows, [
              { integrity_check: 'ok' },
            ]);
            assert.deepEqual((await sql`pragma foreign_key_check`.execute(db)).rows, []);
          } else {
            const invalid = await sql`select conname from pg_constraint where not convalidated`.execute(db);
            assert.deepEqual(invalid.rows, []);
          }
        } finally {
          await restored.drop();
        }
      } finally {
        writing = false;
        await Promise.allSettled(clients);
      }
    });
  });
}
