import type { Generated } from 'kysely';

/**
 * Tables of signing in and accountability (issue 4): sessions, API tokens, failed-login
 * attempts and the audit log. Times are epoch milliseconds, as everywhere in the kit.
 */

/** A server-side session. Only the SHA-256 of its token is stored: a database leak signs nobody in. */
export interface SessionTable {
  id: Generated<number>;
  user_id: number;
  token_hash: string;
  created_at: number;
  /** Last use, for the idle expiry; refreshed at most once a minute. */
  last_seen_at: number;
  /** Absolute expiry: a session never outlives it, however busy. */
  expires_at: number;
  client_address: string | null;
  /** The browser's User-Agent at sign-in (cut to 256 characters), shown in the user's session list. */
  user_agent: string | null;
  /** When the sign-in that started this session passed the second factor (issue 27); null: password only. */
  mfa_at: number | null;
}

/** A personal API token for scripts (`Authorization: Bearer …`), stored hashed. */
export interface ApiTokenTable {
  id: Generated<number>;
  user_id: number;
  name: string;
  token_hash: string;
  created_at: number;
  expires_at: number | null;
  last_used_at: number | null;
  /** 1: limited to its rows of `authz_api_token_scope`; 0: its user's full rights. */
  scoped: Generated<number>;
}

/** One entry of a scoped token: a permission on one object, or on every object (NULL). */
export interface ApiTokenScopeTable {
  token_id: number;
  permission_id: number;
  object_id: number | null;
}

/**
 * One failed (or in-flight) sign-in attempt. `account_hash` is the SHA-256 of the normalised
 * username as typed, so typed usernames (often a password by mistake) are not stored; `user_id`
 * names the account when there is one (for operators). `address` is the client's, IPv6 per /64.
 */
export interface SignInAttemptTable {
  id: Generated<number>;
  at: number;
  account_hash: string;
  user_id: number | null;
  address: string | null;
  /** 0 while the password is being checked, 1 once it failed (a success deletes the row). */
  settled: Generated<number>;
}

/** An address an account signed in from successfully: exempt from address and account limits. */
export interface KnownClientTable {
  user_id: number;
  address: string;
  last_success_at: number;
}

/** Who changed which authorization data, from what to what, when and from where. */
export interface AuditLogTable {
  id: Generated<number>;
  at: number;
  /** Null for changes made by the system (migrations, the command line). No foreign key: the log outlives users. */
  actor_id: number | null;
  action: string;
  target_type: string;
  target_id: number | null;
  before_json: string | null;
  after_json: string | null;
  client_address: string | null;
}

export interface AccountsTables {
  authz_session: SessionTable;
  authz_api_token: ApiTokenTable;
  authz_api_token_scope: ApiTokenScopeTable;
  authz_sign_in_attempt: SignInAttemptTable;
  authz_known_client: KnownClientTable;
  authz_audit_log: AuditLogTable;
}
