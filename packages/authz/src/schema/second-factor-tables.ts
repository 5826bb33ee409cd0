import type { Generated } from 'kysely';

/** A user's TOTP factor. `secret` is sealed (second-factor/secret-box.ts). */
export interface TotpTable {
  user_id: number;
  secret: string;
  created_at: number;
  /** Null while enrolment waits for its confirmation code: an unconfirmed factor is not asked for. */
  confirmed_at: number | null;
  /** The last time step whose code was accepted: that step and earlier ones are refused (no replay). */
  last_step: number | null;
}

/** One recovery code: SHA-256 of the normalised code (80 random bits), used at most once. */
export interface RecoveryCodeTable {
  id: Generated<number>;
  user_id: number;
  code_hash: string;
  created_at: number;
  used_at: number | null;
}

/**
 * A sign-in whose password (or identity provider) was accepted and that waits for the second
 * factor. Not a session: nothing that authenticates a request reads this table, so the state
 * grants nothing but the code step. Its token is stored hashed, like a session's.
 */
export interface FactorChallengeTable {
  id: Generated<number>;
  user_id: number;
  token_hash: string;
  created_at: number;
  expires_at: number;
  client_address: string | null;
  user_agent: string | null;
}

export interface SecondFactorTables {
  authz_totp: TotpTable;
  authz_recovery_code: RecoveryCodeTable;
  authz_factor_challenge: FactorChallengeTable;
}
