/** `@node-rs/argon2` is an optional peer dependency (issue 15): its absence is said in words. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { argon2idHasher, loadArgon2 } from '../src/passwords/password-hasher.ts';

const notFound = () =>
  Promise.reject(
    Object.assign(new Error("Cannot find package '@node-rs/argon2'"), { code: 'ERR_MODULE_NOT_FOUND' }),
  );

describe('argon2idHasher', () => {
  test('without @node-rs/argon2 installed: an error naming the package and the alternative', async () => {
    await assert.rejects(loadArgon2(notFound)(), /npm install @node-rs\/argon2.*`hasher` of your own/s);
  });

  test('another import failure is passed on as it is, and a later call tries again', async () => {
    let calls = 0;
    const load = loadArgon2(() => {
      calls += 1;
      return calls === 1
        ? Promise.reject(new Error('disk on fire'))
        : Promise.resolve({ hash: 1, verify: 2 });
    });
    await assert.rejects(load(), /^Error: disk on fire$/);
    assert.deepEqual(await load(), { hash: 1, verify: 2 });
  });

  test('with it installed: hashes, verifies, and a malformed hash is a failed verification', async () => {
    const hasher = argon2idHasher({ memoryCost: 1024, timeCost: 1, parallelism: 1 });
    const encoded = await hasher.hash('correct horse');
    assert.equal(await hasher.verify(encoded, 'correct horse'), true);
    assert.equal(await hasher.verify(encoded, 'wrong horse'), false);
    assert.equal(await hasher.verify('not a hash', 'correct horse'), false);
    assert.equal(hasher.needsRehash(encoded), false);
  });
});
