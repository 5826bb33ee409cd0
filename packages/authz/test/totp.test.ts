/**
 * The kit's TOTP and its storage (issue 27) without a database: RFC 6238 Appendix B's SHA-1
 * vectors (8 digits there; the kit uses 6, the same truncation), RFC 4648's base32 vectors,
 * the one-step drift window, and the sealed secret (AES-256-GCM bound to the user id).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { normaliseRecoveryCode, newRecoveryCode } from '../src/second-factor/recovery-codes.ts';
import { openSecret, sealSecret } from '../src/second-factor/secret-box.ts';
import { base32, matchingStep, otpauthUri, timeStep, totpCode } from '../src/second-factor/totp.ts';

const RFC_SECRET = Buffer.from('12345678901234567890', 'ascii');

describe('TOTP (RFC 6238)', () => {
  test('Appendix B, SHA-1', () => {
    const vectors: [number, string][] = [
      [59, '94287082'],
      [1111111109, '07081804'],
      [1111111111, '14050471'],
      [1234567890, '89005924'],
      [2000000000, '69279037'],
      [20000000000, '65353130'],
    ];
    for (const [seconds, code] of vectors)
      assert.equal(totpCode(RFC_SECRET, timeStep(seconds * 1000), 8), code);
    // Six digits are the last six of the same number (RFC 4226 §5.3: modulo 10^digits).
    assert.equal(totpCode(RFC_SECRET, timeStep(59_000)), '287082');
  });

  test('a code matches its own step and one either side, nothing further', () => {
    const now = 1_700_000_000_000;
    const step = timeStep(now);
    for (const delta of [-1, 0, 1])
      assert.equal(matchingStep(RFC_SECRET, totpCode(RFC_SECRET, step + delta), now), step + delta);
    for (const delta of [-3, -2, 2, 3])
      assert.equal(matchingStep(RFC_SECRET, totpCode(RFC_SECRET, step + delta), now), null);
  });

  test('base32 (RFC 4648 §10, without padding) and the otpauth URI', () => {
    const cases: [string, string][] = [
      ['', ''],
      ['f', 'MY'],
      ['fo', 'MZXQ'],
      ['foo', 'MZXW6'],
      ['foob', 'MZXW6YQ'],
      ['fooba', 'MZXW6YTB'],
      ['foobar', 'MZXW6YTBOI'],
    ];
    for (const [text, encoded] of cases) assert.equal(base32(Buffer.from(text)), encoded);
    const uri = new URL(otpauthUri(RFC_SECRET, 'BatteryDB', 'ada lovelace'));
    assert.equal(uri.protocol, 'otpauth:');
    assert.equal(uri.host, 'totp');
    assert.equal(decodeURIComponent(uri.pathname), '/BatteryDB:ada lovelace');
    assert.equal(uri.searchParams.get('secret'), 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ');
    assert.equal(uri.searchParams.get('digits'), '6');
    assert.equal(uri.searchParams.get('period'), '30');
  });
});

describe('secrets at rest', () => {
  const key = Buffer.alloc(32, 9);
  test('sealed: the secret does not appear, opens for its user only, and a tampered one fails', () => {
    const secret = Buffer.from('0123456789abcdefghij');
    const sealed = sealSecret(key, secret, 7);
    assert.match(sealed, /^v1\./);
    assert.ok(!sealed.includes(secret.toString('base64url')));
    assert.deepEqual(openSecret(key, sealed, 7), secret);
    assert.throws(() => openSecret(key, sealed, 8), 'bound to the user id');
    assert.throws(() => openSecret(Buffer.alloc(32, 1), sealed, 7), 'another key');
    assert.throws(() => openSecret(null, sealed, 7), /not configured/);
    const parts = sealed.split('.');
    parts[3] = Buffer.from('x'.repeat(20)).toString('base64url');
    assert.throws(() => openSecret(key, parts.join('.'), 7), 'tampered');
  });

  test('without a key the stored form says so', () => {
    const secret = Buffer.from('0123456789abcdefghij');
    const stored = sealSecret(null, secret, 7);
    assert.match(stored, /^plain\./);
    assert.deepEqual(openSecret(null, stored, 7), secret);
  });

  test('recovery codes: 80 bits in four groups, typed in any case with or without dashes', () => {
    const code = newRecoveryCode();
    assert.match(code, /^[A-Z2-7]{4}(-[A-Z2-7]{4}){3}$/);
    assert.equal(normaliseRecoveryCode(` ${code.toLowerCase().replace(/-/g, ' ')} `), code.replace(/-/g, ''));
    assert.equal(normaliseRecoveryCode('123456'), null);
  });
});
