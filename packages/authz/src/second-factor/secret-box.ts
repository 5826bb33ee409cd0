import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { AuthzError } from '../errors.ts';

/**
 * TOTP secrets at rest. Unlike a password, the server must read the secret back to compute
 * codes, so it cannot be hashed; with a key from the operator's configuration (not in the
 * database) it is sealed with AES-256-GCM, so a copy of the database alone (a backup, a SQL
 * injection's read) does not give the second factor away. The stored form names its scheme:
 * `v1.<iv>.<tag>.<ciphertext>` (base64url), or `plain.<secret>` when no key is configured —
 * then the factor still protects against a stolen password, not against a database reader,
 * and the operator's documentation says to set the key.
 */
export const SECRET_KEY_BYTES = 32;

export function checkSecretKey(key: Uint8Array | undefined): Buffer | null {
  if (key === undefined) return null;
  if (key.length !== SECRET_KEY_BYTES)
    throw new AuthzError(
      'INVALID_INPUT',
      `the second-factor key must be ${SECRET_KEY_BYTES} bytes`,
      'secretKey',
    );
  return Buffer.from(key);
}

/** The user id is bound in as associated data: a sealed secret copied to another account does not open. */
export function sealSecret(key: Buffer | null, secret: Buffer, userId: number): string {
  if (key === null) return `plain.${secret.toString('base64url')}`;
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(`authz-totp:${userId}`));
  const sealed = Buffer.concat([cipher.update(secret), cipher.final()]);
  return ['v1', iv, cipher.getAuthTag(), sealed]
    .map((p) => (typeof p === 'string' ? p : p.toString('base64url')))
    .join('.');
}

export function openSecret(key: Buffer | null, stored: string, userId: number): Buffer {
  const [scheme, ...parts] = stored.split('.');
  if (scheme === 'plain' && parts.length === 1) return Buffer.from(parts[0]!, 'base64url');
  if (scheme !== 'v1' || parts.length !== 3)
    throw new AuthzError('CONFLICT', 'the stored second factor is in an unknown form');
  if (key === null)
    throw new AuthzError(
      'CONFLICT',
      'the second-factor key is not configured, so the stored secret cannot be read',
    );
  const [iv, tag, sealed] = parts.map((p) => Buffer.from(p, 'base64url')) as [Buffer, Buffer, Buffer];
  const decipher = createDecipheriv('aes-256-gcm', key, iv);
  decipher.setAAD(Buffer.from(`authz-totp:${userId}`));
  decipher.setAuthTag(tag);
  return Buffer.concat([decipher.update(sealed), decipher.final()]);
}
