import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { AuthzError } from '../src/index.ts';
import { DIALECTS } from '../../../test-support/databases.ts';
import { kitWithClock } from './support/clock-kit.ts';

/** What a driver throws for a serialization failure: only the code matters. */
const conflictError = (code: string) => Object.assign(new Error(`conflict ${code}`), { code });

for (const dialect of DIALECTS) {
  describe(`transactions run again on a conflict (${dialect})`, () => {
    let kit: Awaited<ReturnType<typeof kitWithClock>>;
    before(async () => {
      kit = await kitWithClock(dialect);
    });
    after(() => kit.close());

    test('a conflict is retried: the callback runs again whole, its first run rolled back', async () => {
      let runs = 0;
      const result = await kit.authz.transaction(
        async (tx) => {
          runs++;
          await tx.createUser({ username: `retry-${runs}`, password: 'retry-password-1' });
          if (runs < 3) throw conflictError(runs === 1 ? '40001' : '40P01');
          return 'done';
        },
        { serializable: true },
      );
      assert.equal(result, 'done');
      assert.equal(runs, 3);
      const names = await kit.db
        .selectFrom('authz_user')
        .select('username')
        .where('username', 'like', 'retry-%')
        .execute();
      assert.deepEqual(
        names.map((n) => n.username),
        ['retry-3'],
        'the conflicted runs left nothing',
      );
    });

    test('a conflict on the last attempt is a CONFLICT; other errors are not retried', async () => {
      let runs = 0;
      await assert.rejects(
        kit.authz.transaction(
          () => {
            runs++;
            return Promise.reject(conflictError('SQLITE_BUSY_SNAPSHOT'));
          },
          { conflictRetry: { attempts: 3, baseDelayMs: 1 } },
        ),
        (error: unknown) => error instanceof AuthzError && error.code === 'CONFLICT',
      );
      assert.equal(runs, 3);
      runs = 0;
      await assert.rejects(
        kit.authz.transaction(() => {
          runs++;
          return Promise.reject(new AuthzError('FORBIDDEN', 'no'));
        }),
        (error: unknown) => error instanceof AuthzError && error.code === 'FORBIDDEN',
      );
      assert.equal(runs, 1);
    });
  });
}
