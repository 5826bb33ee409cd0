import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { sql } from 'kysely';
import { touchLastSeen } from '../src/sessions/touch-last-seen.ts';
import { kitWithClock } from './support/clock-kit.ts';

describe('last-seen bookkeeping', () => {
  test('a touch that met a busy SQLite writer is skipped; any other error propagates', async () => {
    const busy = Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' });
    await touchLastSeen(() => Promise.reject(busy));
    const broken = Object.assign(new Error('no such table'), { code: 'SQLITE_ERROR' });
    await assert.rejects(
      touchLastSeen(() => Promise.reject(broken)),
      broken,
    );
    let wrote = false;
    await touchLastSeen(() => Promise.resolve((wrote = true)));
    assert.equal(wrote, true);
  });
});

describe('a token used while another SQLite handle holds the write lock (a long import)', () => {
  test('is still valid: its last-used touch waits out the busy timeout and is skipped', async () => {
    const kit = await kitWithClock('sqlite');
    const writer = kit.database.open();
    try {
      const user = await kit.authz.createUser({ username: 'importer' });
      const { token } = await kit.authz.createApiToken(user.id, { name: 'script', expiresAt: null });
      await sql`begin immediate`.execute(writer);
      kit.clock.now += 120_000;
      assert.equal((await kit.authz.validateApiToken(token))?.userId, user.id);
      await sql`commit`.execute(writer);
    } finally {
      await kit.close();
    }
  });
});
