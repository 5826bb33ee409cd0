import { createHash, randomBytes } from 'node:crypto';
import { base32 } from './totp.ts';

/**
 * Recovery codes: ten per user, each usable once. Each is 80 random bits (16 base32 letters,
 * shown in groups of four), so — like session tokens and unlike passwords — a fast SHA-256 is
 * enough at rest: no dictionary exists to try, and 2^80 guesses per code are out of reach. A
 * slow hash would cost ten argon2 verifications per typed code (the stored hashes cannot be
 * looked up by an argon2 hash, which is salted); SHA-256 finds the code by an indexed lookup.
 */
export const RECOVERY_CODE_COUNT = 10;

export function newRecoveryCode(): string {
  const letters = base32(randomBytes(10));
  return letters.match(/.{4}/g)!.join('-');
}

/** What a person typed, as stored: case, spaces and dashes do not matter. */
export function normaliseRecoveryCode(typed: string): string | null {
  const letters = typed.toUpperCase().replace(/[\s-]/g, '');
  return /^[A-Z2-7]{16}$/.test(letters) ? letters : null;
}

export function hashRecoveryCode(normalised: string): string {
  return createHash('sha256').update(`authz-recovery\0${normalised}`, 'utf8').digest('hex');
}
