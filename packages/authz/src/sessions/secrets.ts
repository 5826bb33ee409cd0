import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Secrets handed to clients (session and API tokens): 256 random bits, base64url. Only their
 * SHA-256 is stored — a fast hash is right here because the input has full entropy, unlike a
 * password — so reading the database does not let anyone sign in.
 */
export function newSecret(): string {
  return randomBytes(32).toString('base64url');
}

/** 32 bytes of base64url; anything else cannot be one of our secrets and is refused unhashed. */
const SECRET = /^[A-Za-z0-9_-]{43}$/;

export function isSecretShaped(value: string): boolean {
  return SECRET.test(value);
}

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/**
 * The session's CSRF token, derived from the session token (domain-separated), so nothing
 * more is stored and a leaked token hash does not give it away.
 */
export function csrfTokenFor(sessionToken: string): string {
  return createHash('sha256').update(`csrf\0${sessionToken}`, 'utf8').digest('base64url');
}

/**
 * Compares two secrets in constant time (a byte-by-byte `===` leaks the length of the matching
 * prefix through timing). Hashing first gives equal lengths, which `timingSafeEqual` requires.
 */
export function sameSecret(a: string, b: string): boolean {
  const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();
  return timingSafeEqual(digest(a), digest(b));
}
