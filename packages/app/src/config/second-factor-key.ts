/**
 * `BATTERYDB_SECOND_FACTOR_KEY`: 32 bytes, as base64 (44 characters) or hex (64), that seal
 * TOTP secrets at rest (issue 27; `openssl rand -base64 32` makes one). It lives in the
 * environment, not the database, so a copy of the database alone does not give the factors
 * away. Unset: secrets are stored unsealed (the factor still defends against a stolen password).
 * Losing or changing it makes the enrolled factors unreadable: staff then remove them and
 * people enrol again.
 */
export function secondFactorKeyFromEnv(env: NodeJS.ProcessEnv): Uint8Array | undefined {
  const text = env.BATTERYDB_SECOND_FACTOR_KEY?.trim();
  if (!text) return undefined;
  const key = /^[0-9a-fA-F]{64}$/.test(text) ? Buffer.from(text, 'hex') : Buffer.from(text, 'base64');
  if (key.length !== 32)
    throw new Error('BATTERYDB_SECOND_FACTOR_KEY must be 32 bytes, as base64 (44 characters) or hex (64)');
  return key;
}
