import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH, validateNewPassword } from '../src/index.ts';
import { commonPasswords, isCommonPassword } from '../src/passwords/common-passwords.ts';
import { similarValue } from '../src/passwords/password-similarity.ts';

const owner = { username: 'alice', email: 'alice.smith@lab.example' };
const refusal = async (password: string, field = 'password') => {
  try {
    await validateNewPassword(password, owner, field);
    return null;
  } catch (error) {
    const { code, field: at, message } = error as { code: string; field: string; message: string };
    assert.equal(code, 'INVALID_INPUT');
    assert.equal(at, field);
    return message;
  }
};

describe('the password policy (SPEC §5, ASVS 2.1.1, 2.1.2, 2.1.7)', () => {
  test(`${MIN_PASSWORD_LENGTH}–${MAX_PASSWORD_LENGTH} characters, counted as characters, not bytes`, async () => {
    assert.match((await refusal('short7!'))!, /password must have 8–128 characters \(it has 7\)/);
    assert.match(
      (await refusal('x'.repeat(129).replace(/x/g, (_, i: number) => String.fromCharCode(97 + (i % 26)))))!,
      /it has 129/,
    );
    assert.equal(await refusal('ü'.repeat(7) + 'q'), null, 'eight characters of 2 bytes each is long enough');
    assert.equal(await refusal('abcdefghijklmnopqrstuvwxyz'.repeat(5).slice(0, 128)), null);
    assert.match((await refusal('🔋'.repeat(7)))!, /it has 7/, 'an emoji is one character');
    assert.match((await refusal('tiny', 'newPassword'))!, /^newPassword must have/);
  });

  test('the most commonly breached passwords are refused, in any letter case', async () => {
    for (const password of [
      'password',
      '12345678',
      'qwertyuiop',
      'iloveyou',
      'Password1',
      'PASSWORD123',
      'sunshine',
    ])
      assert.match((await refusal(password))!, /one of the most commonly breached passwords/, password);
    assert.equal(await refusal('violet-harbour-engine-47'), null);
  });

  test('the shipped list holds the 100,000 most common and more, each 8–128 characters, lower case', async () => {
    const list = await commonPasswords();
    assert.ok(list.size >= 100_000, `${list.size}`);
    assert.equal(await commonPasswords(), list, 'loaded once');
    for (const word of ['12345678', 'password', 'baseball', 'football', 'trustno1'])
      assert.ok(list.has(word), word);
    for (const word of list) {
      const length = [...word].length;
      assert.ok(length >= 8 && length <= 128 && word === word.toLowerCase(), word);
    }
    assert.equal(await isCommonPassword('TrustNo1'), true);
  });

  test('too similar to the username or e-mail address', async () => {
    for (const [password, what] of [
      ['alice123', 'username'],
      ['Alice2024!', 'username'],
      ['ecilaalice', 'username'],
      ['alice.smith', 'username'],
      ['smith.alice99', 'e-mail address'],
      ['alice.smith@lab.example', 'e-mail address'],
    ] as const)
      assert.match((await refusal(password))!, new RegExp(`too similar to the ${what}`), password);
    // The name inside a long passphrase leaves enough to guess.
    assert.equal(await refusal('alice-and-the-red-queen'), null);
    assert.equal(similarValue('alice-password', ['alice']), undefined);
    assert.equal(similarValue('anything-at-all', ['']), undefined, 'an empty e-mail is no rule');
  });
});
