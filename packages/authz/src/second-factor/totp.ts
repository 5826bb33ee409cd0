import { createHmac, randomBytes } from 'node:crypto';

/**
 * TOTP (RFC 6238) as authenticator apps compute it by default: HMAC-SHA-1, 6 digits, 30-second
 * steps. node:crypto rather than a dependency: the algorithm is the twenty lines below (RFC 4226
 * §5.3 dynamic truncation), the kit stays free of runtime dependencies, and the tests check it
 * against RFC 6238's Appendix B vectors and an independent implementation (`otpauth`).
 */
export const TOTP_DIGITS = 6;
export const TOTP_PERIOD_MS = 30_000;
/** 160 bits, the HMAC-SHA-1 block's natural key size (RFC 4226 §4 recommends it). */
export const TOTP_SECRET_BYTES = 20;

export function newTotpSecret(): Buffer {
  return randomBytes(TOTP_SECRET_BYTES);
}

/** The time step a moment falls in (RFC 6238 §4.2: T = floor((now − T0) / X), T0 = 0). */
export function timeStep(epochMs: number): number {
  return Math.floor(epochMs / TOTP_PERIOD_MS);
}

/** The code of one time step (RFC 4226 HOTP with the step as counter), zero-padded. */
export function totpCode(secret: Uint8Array, step: number, digits = TOTP_DIGITS): string {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(step));
  const mac = createHmac('sha1', secret).update(counter).digest();
  const offset = mac[mac.length - 1]! & 0x0f;
  const binary = mac.readUInt32BE(offset) & 0x7fffffff;
  return String(binary % 10 ** digits).padStart(digits, '0');
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** RFC 4648 base32 without padding: how authenticator apps take a secret typed by hand. */
export function base32(bytes: Uint8Array): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
    value &= (1 << bits) - 1;
  }
  if (bits > 0) out += ALPHABET[(value << (5 - bits)) & 31];
  return out;
}

/**
 * The `otpauth://` URI of Google Authenticator's key-URI format, which every authenticator app
 * reads from the QR code: issuer and account name label the entry in the app.
 */
export function otpauthUri(secret: Uint8Array, issuer: string, account: string): string {
  const label = `${encodeURIComponent(issuer)}:${encodeURIComponent(account)}`;
  const query = new URLSearchParams({
    secret: base32(secret),
    issuer,
    algorithm: 'SHA1',
    digits: String(TOTP_DIGITS),
    period: String(TOTP_PERIOD_MS / 1000),
  });
  return `otpauth://totp/${label}?${query.toString()}`;
}

/**
 * The step a typed code belongs to, among the current one and one either side (RFC 6238 §5.2:
 * one step of clock drift), or null. Every candidate is computed and compared, so the time
 * taken does not depend on which one matched.
 */
export function matchingStep(secret: Uint8Array, code: string, epochMs: number): number | null {
  const now = timeStep(epochMs);
  let found: number | null = null;
  for (const step of [now - 1, now, now + 1])
    if (totpCode(secret, step) === code && found === null) found = step;
  return found;
}
